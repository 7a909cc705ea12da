public import SkywireTransport

/// Tunables of a session. Times are nanoseconds. The defaults suit routes over a 1280-byte-MTU
/// mesh; tests shrink or stretch them.
public struct SessionConfig: Sendable {
    /// The largest session datagram (transport header and tag included) handed to a route.
    /// 1140 keeps a route data frame inside one 1280-byte IPv6 packet (docs/protocol.md §9.3).
    public var maxPacketSize: Int = 1140
    /// Bytes `write` may hold that the peer has not acknowledged yet (the send buffer).
    public var sendBufferCapacity: Int = 1 << 20
    /// The reorder buffer: stream bytes held above the read point, and the receive window
    /// advertised to the peer.
    public var receiveBufferCapacity: Int = 1 << 20
    /// Datagrams waiting to be sent (bytes, length prefixes included); more are refused.
    public var datagramSendQueueCapacity: Int = 64 * 1024
    /// Datagrams received and not drained yet (bytes); more are dropped and counted.
    public var datagramReceiveQueueCapacity: Int = 256 * 1024
    /// The longest the receiver waits before acknowledging an ack-eliciting packet.
    public var maxAckDelay: UInt64 = 10_000_000
    /// Acknowledge at once after this many ack-eliciting packets (and at once on reordering).
    public var ackEveryPackets: Int = 2
    /// The RTT assumed for a route before its first sample.
    public var initialRTT: UInt64 = 100_000_000
    /// A route is dead after this many probe timeouts in a row without an acknowledgement.
    public var deadAfterProbeTimeouts: Int = 3
    /// … or when an ack-eliciting packet on it waited this many smoothed RTTs without any
    /// acknowledgement for the route (but never less than `minimumDeadTime`).
    public var deadAfterSilentRTTs: UInt64 = 8
    /// The floor of the silence rule above.
    public var minimumDeadTime: UInt64 = 100_000_000
    /// A route that carried no ack-eliciting packet for this long gets a probe (keeps its RTT
    /// fresh and notices a failure even when the session is quiet).
    public var routeProbeInterval: UInt64 = 1_000_000_000
    /// A dead route is still probed this often; an acknowledged probe revives it.
    public var deadRouteProbeInterval: UInt64 = 500_000_000
    /// The number of live routes the session wants; `needRoute(n)` asks for the difference.
    public var targetRouteCount: Int = 2
    /// The most routes a session keeps (routes learnt from the peer beyond it are ignored).
    public var maximumRoutes: Int = 8
    /// Pace packets on each route at 1.25 × cwnd / srtt (2 × in slow start) instead of bursting.
    public var pacing: Bool = true
    /// BLEST's λ, the safety factor on the bytes a fast route sends during a slow route's RTT.
    public var blestLambda: Double = 1.2
    /// The session closes when nothing authentic arrived for this long.
    public var idleTimeout: UInt64 = 30_000_000_000
    /// Rekeying of the end-to-end transport.
    public var rekeyPolicy: RekeyPolicy = .default

    public init() {}

    /// The defaults.
    public static let `default` = SessionConfig()
}
