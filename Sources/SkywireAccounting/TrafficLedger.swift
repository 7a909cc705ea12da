import SkywireCrypto

/// Bytes and packets carried in each direction.
public struct TrafficCounters: Equatable, Hashable, Sendable {
    public var bytesSent: UInt64 = 0
    public var packetsSent: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    public var packetsReceived: UInt64 = 0

    public init(bytesSent: UInt64 = 0, packetsSent: UInt64 = 0, bytesReceived: UInt64 = 0, packetsReceived: UInt64 = 0) {
        self.bytesSent = bytesSent
        self.packetsSent = packetsSent
        self.bytesReceived = bytesReceived
        self.packetsReceived = packetsReceived
    }
}

/// A route as the ledger sees it: the node layer's number for it (`SkywireSession.RouteID.raw`
/// for a session's route, or the node's own number for a route it forwards).
public struct LedgerRoute: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let raw: UInt64
    public init(_ raw: UInt64) { self.raw = raw }
    public static func < (a: LedgerRoute, b: LedgerRoute) -> Bool { a.raw < b.raw }
    public var description: String { "route \(raw)" }
}

/// The direction of a recorded packet, seen from this node.
public enum TrafficDirection: Sendable {
    case sent
    case received
}

/// Counts traffic per neighbour and per route, each way (sans-IO: the agent calls ``record``
/// for every transport packet it sends to or authenticates from a neighbour, docs/protocol.md
/// §11.1). Counters only grow and wrap never in practice (64 bits); a snapshot is a copy.
public struct TrafficLedger: Sendable {
    private var neighbours: [PublicKey: TrafficCounters] = [:]
    private var routes: [LedgerRoute: TrafficCounters] = [:]

    public init() {}

    /// Records one packet of `bytes` to or from `neighbour`, and on `route` when given.
    public mutating func record(
        _ direction: TrafficDirection, bytes: Int, neighbour: PublicKey, route: LedgerRoute? = nil
    ) {
        let amount = UInt64(max(0, bytes))
        Self.add(direction, amount, to: &neighbours[neighbour, default: TrafficCounters()])
        if let route { Self.add(direction, amount, to: &routes[route, default: TrafficCounters()]) }
    }

    /// Records a packet sent.
    public mutating func recordSent(bytes: Int, to neighbour: PublicKey, route: LedgerRoute? = nil) {
        record(.sent, bytes: bytes, neighbour: neighbour, route: route)
    }

    /// Records a packet received (authenticated).
    public mutating func recordReceived(bytes: Int, from neighbour: PublicKey, route: LedgerRoute? = nil) {
        record(.received, bytes: bytes, neighbour: neighbour, route: route)
    }

    /// The counters for `neighbour` (zero when none was recorded).
    public func counters(for neighbour: PublicKey) -> TrafficCounters { neighbours[neighbour] ?? TrafficCounters() }

    /// The counters for `route` (zero when none was recorded).
    public func counters(for route: LedgerRoute) -> TrafficCounters { routes[route] ?? TrafficCounters() }

    /// Forgets a route (when it is torn down); its bytes stay in its neighbour's counters.
    public mutating func removeRoute(_ route: LedgerRoute) { routes[route] = nil }

    /// Every counter, sorted by key.
    public func snapshot() -> TrafficSnapshot {
        TrafficSnapshot(
            neighbours: neighbours.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            routes: routes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    private static func add(_ direction: TrafficDirection, _ bytes: UInt64, to counters: inout TrafficCounters) {
        switch direction {
        case .sent:
            counters.bytesSent &+= bytes
            counters.packetsSent &+= 1
        case .received:
            counters.bytesReceived &+= bytes
            counters.packetsReceived &+= 1
        }
    }
}

/// A copy of a ledger's counters at one moment.
public struct TrafficSnapshot: Sendable {
    public let neighbours: [(neighbour: PublicKey, counters: TrafficCounters)]
    public let routes: [(route: LedgerRoute, counters: TrafficCounters)]
}
