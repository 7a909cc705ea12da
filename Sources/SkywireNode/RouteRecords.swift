import SkywireCrypto
import SkywireRouting

/// A session's handle at one node.
public struct SessionHandle: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let raw: UInt64
    public init(raw: UInt64) { self.raw = raw }
    public static func < (a: SessionHandle, b: SessionHandle) -> Bool { a.raw < b.raw }
    public var description: String { "session#\(raw)" }
}

/// Who uses a route that starts or ends here.
enum RouteOwner: Sendable, Equatable {
    /// The node itself (pings, datagrams).
    case node
    case session(SessionHandle)
}

/// A route this node set up (it is the origin).
struct OriginRoute {
    let id: RouteId
    let destination: PublicKey
    let path: [PublicKey]
    let labels: AllocatedLabels
    /// Every link of the path works backwards: the destination answers on the reverse labels.
    let reverseUsable: Bool
    let startedAt: UInt64
    /// The path's one-way latency as the graph has it, µs.
    let latencyMicros: UInt64
    var owner: RouteOwner
    var answeredAt: UInt64?
    var rtt: UInt64?
    var lastUsed: UInt64
}

/// A route another node set up that ends here. The origin stays unknown unless it tells
/// (a session's handshake, or a setup asking for an answer by route).
struct EndRoute {
    let id: RouteId
    let arrivedAt: UInt64
    let reverseUsable: Bool
    var owner: RouteOwner
    var lastUsed: UInt64
}

/// Where a route stands, as `skywire routes` shows it.
public enum RouteStatus: String, Sendable, Equatable {
    /// Set up by this node; not measured yet (no answer back on it; for a session's route, no
    /// RTT sample of the session yet).
    case settingUp = "setting-up"
    /// Set up by this node and measured: answered on, or acknowledged through its session.
    case up
    /// Set up by another node, ending here.
    case incoming
}

/// One route that starts or ends at this node (plain values).
public struct RouteSnapshot: Sendable, Equatable {
    public var id: RouteId
    public var status: RouteStatus
    /// The far end, when known (always for routes set up here).
    public var peer: PublicKey?
    /// Hops after the origin (nil for incoming routes: a destination does not learn the length).
    public var hops: Int?
    /// The neighbour this node sends on for the route, and the label it puts on those packets.
    public var neighbour: PublicKey
    public var outLabel: RouteLabel
    /// The label packets arriving here carry (reverse label for origins).
    public var inLabel: RouteLabel?
    /// Round trip, ns: setup → first answer for node routes, the session's smoothed RTT for
    /// a session's routes.
    public var rttNanos: UInt64?
    /// The path's one-way latency according to the graph, µs (routes set up here).
    public var expectedLatencyMicros: UInt64?
    public var reverseUsable: Bool
    public var session: SessionHandle?
    public var ageNanos: UInt64
}

/// The topology as this node knows it.
public struct TopologySnapshot: Sendable {
    /// Nodes with a record or an edge, ascending.
    public var nodes: [PublicKey]
    /// Every directed edge with its figures.
    public var edges: [TopologyGraph.Edge]
    /// Live records held (own one included).
    public var records: Int
    /// The sequence number of this node's own current record.
    public var ownSequence: UInt64?
}
