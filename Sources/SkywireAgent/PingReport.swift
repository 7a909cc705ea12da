public import SkywireJSON

/// What one `ping` request answers: the outcome of each echo request, in order, and a summary.
///
/// Text: one line per ping, then `N sent, M received[, rtt min/avg/max = a/b/c ms]`:
///
///     reply from skn1...: seq=1 hops=4 rtt=1.234 ms
///     no reply from skn1...: seq=2 timeout
///     2 sent, 1 received, rtt min/avg/max = 1.234/1.234/1.234 ms
public struct PingReport: Sendable {
    /// One ping's outcome.
    public enum Outcome: Sendable, Equatable {
        /// Answered after `rttNanos`; the route had `hops` hops.
        case reply(rttNanos: UInt64, hops: Int)
        /// Not answered within the node's ping timeout.
        case timeout
        /// Not sent: no route (the reason, one line).
        case failed(String)
    }

    /// The destination (`skn1...`).
    public var destination: String
    public var outcomes: [Outcome]

    public init(destination: String, outcomes: [Outcome]) {
        self.destination = destination
        self.outcomes = outcomes
    }

    /// Pings answered.
    public var received: Int {
        outcomes.count { if case .reply = $0 { true } else { false } }
    }

    private var rtts: [UInt64] {
        outcomes.compactMap { if case .reply(let rtt, _) = $0 { rtt } else { nil } }
    }

    /// The text form for people (see the type's documentation).
    public var text: String {
        var out = ""
        for (index, outcome) in outcomes.enumerated() {
            let seq = "seq=\(index + 1)"
            switch outcome {
            case .reply(let rtt, let hops):
                out += "reply from \(destination): \(seq) hops=\(hops) rtt=\(PingReport.milliseconds(rtt)) ms\n"
            case .timeout:
                out += "no reply from \(destination): \(seq) timeout\n"
            case .failed(let reason):
                out += "no route to \(destination): \(seq) \(reason)\n"
            }
        }
        out += "\(outcomes.count) sent, \(received) received"
        let rtts = self.rtts
        if let low = rtts.min(), let high = rtts.max() {
            let average = rtts.reduce(0, +) / UInt64(rtts.count)
            out += ", rtt min/avg/max = \(PingReport.milliseconds(low))/\(PingReport.milliseconds(average))/\(PingReport.milliseconds(high)) ms"
        }
        return out + "\n"
    }

    /// `{"destination", "sent", "received", "pings": [{"seq", "reply", "hops", "rtt_ms", "error"}]}`.
    public var json: JSONValue {
        .object([
            ("destination", .string(destination)),
            ("sent", .integer(outcomes.count)),
            ("received", .integer(received)),
            ("pings", .array(outcomes.enumerated().map { index, outcome in
                switch outcome {
                case .reply(let rtt, let hops):
                    .object([("seq", .integer(index + 1)), ("reply", .bool(true)), ("hops", .integer(hops)),
                             ("rtt_ms", .decimal(Double(rtt) / 1e6, digits: 3)), ("error", .null)])
                case .timeout:
                    .object([("seq", .integer(index + 1)), ("reply", .bool(false)), ("hops", .null),
                             ("rtt_ms", .null), ("error", .string("timeout"))])
                case .failed(let reason):
                    .object([("seq", .integer(index + 1)), ("reply", .bool(false)), ("hops", .null),
                             ("rtt_ms", .null), ("error", .string(reason))])
                }
            })),
        ])
    }

    /// How many pings a reply (text or JSON form) says were answered; nil when it has no summary.
    /// The CLI's exit status comes from it.
    public static func receivedCount(inReply reply: String) -> Int? {
        if let after = end(of: "\"received\":", in: reply[...]) {
            return Int(reply[after...].prefix(while: \.isNumber))
        }
        guard let last = reply.split(separator: "\n").last, let after = end(of: " sent, ", in: last) else { return nil }
        return Int(last[after...].prefix(while: \.isNumber))
    }

    /// Where the first `needle` in `text` ends. (Not `firstRange(of:)`: that one comes from
    /// _StringProcessing, which with _RegexParser adds 1.2 MB to the static agent.)
    private static func end(of needle: String, in text: Substring) -> Substring.Index? {
        let n = Array(needle.utf8)
        let h = text.utf8
        guard !n.isEmpty, h.count >= n.count else { return nil }
        var i = h.startIndex
        while let start = h[i...].firstIndex(of: n[0]) {
            if let end = h.index(start, offsetBy: n.count, limitedBy: h.endIndex), h[start..<end].elementsEqual(n) {
                return end
            }
            i = h.index(after: start)
        }
        return nil
    }

    private static func milliseconds(_ nanoseconds: UInt64) -> String {
        AgentText.fixed(Double(nanoseconds) / 1e6, digits: 3)
    }
}
