public import SkywireJSON
/// What `status` answers: who the node is and how it is doing.
public struct StatusReport: Sendable {
    /// The node address (`skn1...`).
    public var address: String
    public var version: String
    public var uptimeNanos: UInt64
    /// The UDP link port (IPv4 and IPv6).
    public var port: UInt16
    /// False when the host has no IPv6 and the agent runs on IPv4 alone.
    public var ipv6: Bool
    public var discovery: Bool
    /// The interfaces beacons go out on.
    public var discoveryInterfaces: [String]
    public var neighborsUp: Int
    public var neighborsKnown: Int
    public var linksUp: Int
    public var linksKnown: Int
    /// Named counters, in display order.
    public var counters: [(name: String, value: UInt64)]
    /// Drops by reason (only reasons with a count above zero in the text form).
    public var drops: [(reason: String, count: UInt64)]

    /// The JSON object.
    public var json: JSONValue {
        .object([
            ("address", .string(address)),
            ("version", .string(version)),
            ("uptime_s", .decimal(Double(uptimeNanos) / 1e9, digits: 3)),
            ("port", .integer(port)),
            ("ipv6", .bool(ipv6)),
            ("discovery", .bool(discovery)),
            ("discovery_interfaces", .array(discoveryInterfaces.map { .string($0) })),
            ("neighbors_up", .integer(neighborsUp)),
            ("neighbors_known", .integer(neighborsKnown)),
            ("links_up", .integer(linksUp)),
            ("links_known", .integer(linksKnown)),
            ("counters", .object(counters.map { ($0.name, .uint($0.value)) })),
            ("drops", .object(drops.map { ($0.reason, .uint($0.count)) })),
        ])
    }

    /// The text form for people.
    public var text: String {
        var out = ""
        out += "address    \(address)\n"
        out += "version    \(version)\n"
        out += "uptime     \(AgentText.duration(nanoseconds: uptimeNanos))\n"
        out += "port       \(port) (udp, \(ipv6 ? "ipv4 + ipv6" : "ipv4 only"))\n"
        let on = discoveryInterfaces.isEmpty ? "no interfaces" : discoveryInterfaces.joined(separator: ", ")
        out += "discovery  \(discovery ? "on (\(on))" : "off")\n"
        out += "neighbors  \(neighborsUp) up of \(neighborsKnown) known; links \(linksUp) up of \(linksKnown)\n"
        out += "counters\n"
        var table = TextTable(header: ["NAME", "VALUE"])
        for counter in counters { table.add([counter.name, String(counter.value)]) }
        let dropped = drops.filter { $0.count > 0 }
        for drop in dropped { table.add(["drops." + drop.reason, String(drop.count)]) }
        out += table.render(indent: "  ")
        return out
    }
}
