import SkywireCrypto
import SkywireNode
import SkywireRouting

/// Route setup latency on a chain: node 0 pings node h for h = 1 … hops. The request rides in
/// the setup's 0-RTT payload, so it reaches the destination after the path's one-way delay
/// (latency plus the stated per-hop processing) and the answer is back after one round trip.
public struct SetupLatencyScenario: Sendable {
    public var hops = 8
    /// One-way delay of every link, ms.
    public var linkLatencyMs = 5.0
    public var processingDelay: UInt64 = 50_000
    public var seed: UInt64 = 1

    public init() {}

    public struct Row: Sendable, Equatable {
        public var hops: Int
        /// The network's one-way delay along the path (latency + processing per hop), ns.
        public var pathOneWay: UInt64
        /// Setup start → the request handled at the destination, ns.
        public var firstData: UInt64?
        /// Setup start → the answer at the origin, ns.
        public var firstAnswer: UInt64?
        /// The network's round trip along the path, ns.
        public var pathRTT: UInt64
    }

    public func run() -> (rows: [Row], convergence: UInt64?) {
        let latency = DirectionSpec.ms(linkLatencyMs)
        let sim = Simulator.network(
            seed: seed, nodes: hops + 1, edges: Topology.chain(hops + 1), processingDelay: processingDelay) { _, _ in latency }
        let convergence = sim.runUntilConverged()
        var rows: [Row] = []
        for h in 1...hops {
            let origin = sim.members[0], destination = sim.members[h]
            let path = sim.members[1...h].map(\.publicKey)
            let back = Array(([origin.publicKey] + path.dropLast()).reversed())
            let start = sim.now
            let sent = try? origin.node.ping(destination.publicKey, path: path, now: start)
            sim.pump(0)
            sim.run(for: 2 * sim.pathDelay(from: 0, hops: path) + 100_000_000)
            let arrived = sim.members[h].events.first { $0.time >= start && $0.event.isPingAnswered }?.time
            let answered = origin.events.first { $0.time >= start && $0.event.pingReplyID == sent }?.time
            let oneWay = sim.pathDelay(from: 0, hops: path)
            rows.append(Row(
                hops: h, pathOneWay: oneWay, firstData: arrived.map { $0 - start }, firstAnswer: answered.map { $0 - start },
                pathRTT: oneWay + sim.pathDelay(from: h, hops: back)))
            sim.run(for: 1_000_000_000)
        }
        return (rows, convergence)
    }

    /// The table: hops, one-way path delay, setup → first data, first answer, path RTT (ms).
    public static func table(_ rows: [Row]) -> String {
        TextTable.render(
            header: ["hops", "path one-way ms", "setup→first data ms", "first answer ms", "path RTT ms"],
            rows: rows.map { r in
                [String(r.hops), TextTable.ms(r.pathOneWay), r.firstData.map(TextTable.ms) ?? "-",
                 r.firstAnswer.map(TextTable.ms) ?? "-", TextTable.ms(r.pathRTT)]
            })
    }
}

extension NodeEvent {
    var isPingAnswered: Bool {
        if case .pingAnswered = self { return true }
        return false
    }

    var pingReplyID: PingID? {
        if case .pingReply(let id, _, _, _) = self { return id }
        return nil
    }
}

/// Plain-text tables for the scenarios' reports.
public enum TextTable {
    /// Columns right-aligned, two spaces apart, a rule under the header.
    public static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ")
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    /// Nanoseconds as milliseconds with three decimals.
    public static func ms(_ ns: UInt64) -> String {
        let whole = ns / 1_000_000, frac = (ns % 1_000_000) / 1_000
        let f = String(frac)
        return "\(whole)." + String(repeating: "0", count: 3 - f.count) + f
    }

    /// A ratio with two decimals.
    public static func ratio(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let f = String(hundredths % 100)
        return "\(hundredths / 100)." + String(repeating: "0", count: 2 - f.count) + f
    }
}
