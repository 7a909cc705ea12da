public import SkywireJSON
/// One link as `neighbors` shows it (built from the link layer's snapshot).
public struct LinkReport: Sendable {
    /// The local interface's name (`-` when unspecified) and index.
    public var interfaceName: String
    public var interfaceIndex: UInt32
    /// The remote endpoint, `10.0.0.2:6555` or `[fe80::1]:6555`.
    public var endpoint: String
    /// `handshaking`, `up` or `down`.
    public var state: String
    public var isStatic: Bool
    public var rttNanos: UInt64?
    public var rttVarNanos: UInt64?
    /// Fractions 0…1 of packets lost towards the peer and from it.
    public var lossOut: Double?
    public var lossIn: Double?
    public var throughputOut: UInt64?
    public var throughputIn: UInt64?
    public var lastHeardAgoNanos: UInt64?
    public var packetsIn: UInt64
    public var packetsOut: UInt64
    public var bytesIn: UInt64
    public var bytesOut: UInt64
    /// Sessions established on this link (first handshake and every rehandshake).
    public var handshakes: UInt64
    /// How long ago the current session was established; nil without one.
    public var sessionAgeNanos: UInt64?
    /// How long the link has been up; nil unless up.
    public var upForNanos: UInt64?
    public var failedAttempts: Int

    var json: JSONValue {
        .object([
            ("interface", .string(interfaceName)),
            ("ifindex", .integer(interfaceIndex)),
            ("endpoint", .string(endpoint)),
            ("state", .string(state)),
            ("static", .bool(isStatic)),
            ("rtt_ms", milliseconds(rttNanos)),
            ("rtt_var_ms", milliseconds(rttVarNanos)),
            ("loss_out", lossOut.map { .decimal($0, digits: 4) } ?? .null),
            ("loss_in", lossIn.map { .decimal($0, digits: 4) } ?? .null),
            ("throughput_out_bps", throughputOut.map { .uint($0) } ?? .null),
            ("throughput_in_bps", throughputIn.map { .uint($0) } ?? .null),
            ("last_heard_ms", milliseconds(lastHeardAgoNanos)),
            ("packets_in", .uint(packetsIn)),
            ("packets_out", .uint(packetsOut)),
            ("bytes_in", .uint(bytesIn)),
            ("bytes_out", .uint(bytesOut)),
            ("handshakes", .uint(handshakes)),
            ("session_age_ms", milliseconds(sessionAgeNanos)),
            ("up_for_ms", milliseconds(upForNanos)),
            ("failed_attempts", .integer(failedAttempts)),
        ])
    }

    private func milliseconds(_ nanoseconds: UInt64?) -> JSONValue {
        nanoseconds.map { .decimal(Double($0) / 1e6, digits: 3) } ?? .null
    }
}

/// One neighbour as `neighbors` shows it.
public struct NeighborReport: Sendable {
    /// The node address (`skn1...`).
    public var address: String
    public var isUp: Bool
    public var links: [LinkReport]

    var json: JSONValue {
        .object([
            ("address", .string(address)),
            ("up", .bool(isUp)),
            ("links", .array(links.map(\.json))),
        ])
    }
}

/// What `neighbors` answers.
public struct NeighborsReport: Sendable {
    public var neighbors: [NeighborReport]

    /// `{"neighbors":[{"address":...,"up":...,"links":[...]}]}`.
    public var json: JSONValue {
        .object([("neighbors", .array(neighbors.map(\.json)))])
    }

    /// One header line per neighbour, then a table of its links.
    public var text: String {
        guard !neighbors.isEmpty else { return "no neighbors\n" }
        var out = ""
        for neighbor in neighbors {
            let count = neighbor.links.count
            out += "\(neighbor.address)  \(neighbor.isUp ? "up" : "down")  (\(count) link\(count == 1 ? "" : "s"))\n"
            var table = TextTable(header: ["PATH", "STATE", "RTT", "LOSS OUT", "LOSS IN", "TX", "RX", "HEARD", "HS"])
            for link in neighbor.links {
                table.add([
                    link.interfaceName + " " + link.endpoint + (link.isStatic ? " (static)" : ""),
                    link.state,
                    link.rttNanos.map { AgentText.fixed(Double($0) / 1e6, digits: 2) + " ms" } ?? "-",
                    link.lossOut.map(AgentText.percent) ?? "-",
                    link.lossIn.map(AgentText.percent) ?? "-",
                    link.throughputOut.map { AgentText.rate(bytesPerSecond: Double($0)) } ?? "-",
                    link.throughputIn.map { AgentText.rate(bytesPerSecond: Double($0)) } ?? "-",
                    link.lastHeardAgoNanos.map { AgentText.duration(nanoseconds: $0) + " ago" } ?? "never",
                    String(link.handshakes),
                ])
            }
            out += table.render(indent: "  ")
        }
        return out
    }
}
