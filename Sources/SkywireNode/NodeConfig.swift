import SkywireLink
import SkywireRouting
import SkywireSession

/// Everything a node can be tuned by. Durations are nanoseconds of the caller's monotonic clock.
/// The routing rules these govern are docs/protocol.md §7.8.
public struct NodeConfig: Sendable {
    /// The link layer's timers and limits.
    public var link: LinkConfig = .default
    /// Bounds and rate limits of the link-state database.
    public var topology: TopologyDatabase.Configuration = .init()
    /// Idle-timeout bounds and replay retention for route setups this node processes.
    public var setup: RouteSetupProcessor.Configuration = .init()
    /// Most routes (origin, transit, destination) held at once.
    public var forwardingCapacity: Int = 65_536

    /// Lifetime written into this node's own link-state records (seconds).
    public var recordLifetimeSeconds: UInt32 = 600
    /// The own record is republished unchanged after this long (well before its lifetime ends).
    public var republishInterval: UInt64 = 200_000_000_000
    /// How often the links are compared with the last published record.
    public var recordCheckInterval: UInt64 = 500_000_000
    /// A change waits this long before it is published, so that changes close together (several
    /// links coming up at once) share one record.
    public var publishCoalesce: UInt64 = 200_000_000
    /// A direction whose measured loss is this high or higher is announced unconfirmed (not an
    /// edge of the graph): the neighbour does not reliably receive what this node sends.
    public var unconfirmedLoss: Double = 0.5
    /// A latency change smaller than this fraction (and than `latencyChangeFloor`) does not
    /// cause a new record by itself.
    public var latencyChangeFraction: Double = 0.25
    public var latencyChangeFloorMicros: UInt32 = 1_000
    /// A loss change smaller than this (permille) does not cause a new record by itself.
    public var lossChangePermille: UInt16 = 50

    /// Idle timeout asked of every hop of the routes this node sets up (seconds).
    public var routeIdleSeconds: UInt16 = 30
    /// End-to-end sessions: their tunables (`targetRouteCount` is the k of the k-path search:
    /// the routes a session keeps to its peer).
    public var session: SessionConfig = .default
    /// An unanswered session initiation is sent again (fresh, on the session's routes) after
    /// this long, doubling per attempt; the session fails after `sessionConnectAttempts`.
    public var sessionConnectRetry: UInt64 = 1_000_000_000
    public var sessionConnectAttempts: Int = 4
    /// A responder waits this long before setting up routes of its own when its session asks
    /// for more: the initiator's other routes usually reach it first and are learnt.
    public var responderRouteGrace: UInt64 = 300_000_000
    /// A path whose route died is not chosen again for this long when another path exists.
    public var failedPathHold: UInt64 = 10_000_000_000
    /// Most hops of a route this node sets up.
    public var maxHops: Int = RouteFinder.hopLimit
    /// Edge costs for the route finder.
    public var routeCost: RouteCost = .init()
    /// A ping unanswered for this long is reported as timed out.
    public var pingTimeout: UInt64 = 5_000_000_000
    /// A route needed by a session that cannot be set up (no path yet) is tried again after
    /// this long, doubling up to `routeRetryMax`.
    public var routeRetry: UInt64 = 500_000_000
    public var routeRetryMax: UInt64 = 8_000_000_000
    /// Routing frames held for neighbours between flushes, per neighbour, in bytes; more are dropped.
    public var maxPendingBytesPerNeighbour: Int = 256 * 1024

    public init() {}

    public static let `default` = NodeConfig()
}
