public import SkywireJSON

/// One route that starts or ends at this node, as `routes` shows it (built from the node's
/// route snapshot).
public struct RouteReport: Sendable {
    /// The route's id (local to this node), as `r` + 16 hex digits.
    public var id: String
    /// `setting-up` or `up` (set up here), `incoming` (set up by `peer`, ends here).
    public var status: String
    /// The far end (`skn1...`); nil for an incoming route whose origin did not say.
    public var peer: String?
    /// Hops after the origin (nil for incoming routes: a destination does not learn it).
    public var hops: Int?
    /// The neighbour packets of this route are sent to (`skn1...`).
    public var nextHop: String
    /// The label on packets sent, and the label packets arriving here carry (if known).
    public var outLabel: UInt32
    public var inLabel: UInt32?
    public var rttNanos: UInt64?
    /// One-way latency of the path according to the topology (routes set up here), µs.
    public var expectedLatencyMicros: UInt64?
    /// Answers can come back on the route's reverse labels.
    public var reverseUsable: Bool
    /// The session using the route, if any.
    public var session: UInt64?
    public var ageNanos: UInt64

    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("status", .string(status)),
            ("peer", .optionalString(peer)),
            ("hops", .optionalInteger(hops)),
            ("next_hop", .string(nextHop)),
            ("out_label", .integer(outLabel)),
            ("in_label", .optionalInteger(inLabel)),
            ("rtt_ms", rttNanos.map { .decimal(Double($0) / 1e6, digits: 3) } ?? .null),
            ("expected_latency_ms", expectedLatencyMicros.map { .decimal(Double($0) / 1e3, digits: 3) } ?? .null),
            ("reverse", .bool(reverseUsable)),
            ("session", session.map { .uint($0) } ?? .null),
            ("age_ms", .decimal(Double(ageNanos) / 1e6, digits: 3)),
        ])
    }
}

/// What `routes` answers: the routes that start or end here, and how many pass through.
public struct RoutesReport: Sendable {
    public var routes: [RouteReport]
    /// Routes this node relays (it knows only their two neighbours).
    public var transitRoutes: Int

    /// `{"routes":[...],"transit_routes":n}`.
    public var json: JSONValue {
        .object([("routes", .array(routes.map(\.json))), ("transit_routes", .integer(transitRoutes))])
    }

    /// A table of the routes (short addresses), then the transit count.
    public var text: String {
        var out = ""
        if routes.isEmpty {
            out += "no routes start or end here\n"
        } else {
            var table = TextTable(header: ["ROUTE", "STATUS", "PEER", "HOPS", "NEXT HOP", "LABELS OUT/IN", "RTT", "AGE"])
            for r in routes {
                table.add([
                    r.id, r.status, r.peer.map { String($0.prefix(12)) } ?? "?", r.hops.map(String.init) ?? "-",
                    String(r.nextHop.prefix(12)),
                    RoutesReport.hex(r.outLabel) + "/" + (r.inLabel.map(RoutesReport.hex) ?? "-"),
                    r.rttNanos.map { AgentText.fixed(Double($0) / 1e6, digits: 2) + " ms" } ?? "-",
                    AgentText.duration(nanoseconds: r.ageNanos),
                ])
            }
            out += table.render(indent: "")
        }
        out += "transit routes: \(transitRoutes)\n"
        return out
    }

    private static func hex(_ label: UInt32) -> String {
        let digits = String(label, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
