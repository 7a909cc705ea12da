/// Figures of one route, as `Session.stats` reports them.
public struct SessionRouteStats: Sendable, Equatable {
    /// The route.
    public var route: RouteID
    /// Whether it carries traffic (not dead).
    public var isLive: Bool
    /// Learnt from the peer's packets rather than added by the owner.
    public var isLearned: Bool
    /// Smoothed RTT in ns (nil before the first sample).
    public var smoothedRTT: UInt64?
    /// RTT variation in ns (half the initial RTT before a sample).
    public var rttVariation: UInt64
    /// Smallest RTT sample in ns.
    public var minimumRTT: UInt64?
    /// Congestion window and bytes in flight.
    public var congestionWindow: Int
    public var bytesInFlight: Int
    /// Packets sent on the route (any kind), and those declared lost.
    public var packetsSent: UInt64
    public var packetsLost: UInt64
    /// Whole packets (wire bytes) sent on the route and acknowledged from it.
    public var bytesSent: UInt64
    public var bytesAcked: UInt64
    /// Stream payload bytes sent on the route (first sendings and again).
    public var streamBytesSent: UInt64
    /// This route's part of all acknowledged bytes, 0…1.
    public var share: Double
}

/// Figures of a session.
public struct SessionStats: Sendable, Equatable {
    /// Each route's figures.
    public var routes: [SessionRouteStats]
    /// Stream bytes the application wrote, the peer acknowledged, and sent more than once.
    public var streamBytesWritten: UInt64
    public var streamBytesAcknowledged: UInt64
    public var streamBytesResent: UInt64
    /// Stream bytes received in order, and read by the application.
    public var streamBytesDelivered: UInt64
    public var streamBytesRead: UInt64
    /// The longest time between two advances of the in-order point (ns): the worst stall the
    /// receiving application saw while data was coming.
    public var longestDeliveryGap: UInt64
    /// The most stream bytes the reorder buffer held (bounded by `receiveBufferCapacity`).
    public var peakReceiveBuffered: UInt64
    /// The most bytes the send buffer held (bounded by `sendBufferCapacity`).
    public var peakSendBuffered: Int
    /// Authentic packets and their bytes received (all routes).
    public var packetsReceived: UInt64
    public var bytesReceived: UInt64
    /// Packets refused (not authentic, replayed, malformed…).
    public var packetsRejected: UInt64
    /// Datagrams sent and delivered to the receive queue.
    public var datagramsSent: UInt64
    public var datagramsReceived: UInt64
    /// Datagrams dropped because the receive queue was full.
    public var datagramsDropped: UInt64
    /// Stream frames refused for exceeding the advertised window.
    public var flowControlViolations: UInt64
}

extension Session {
    /// A snapshot of the session's figures (allocates the route array).
    public var stats: SessionStats {
        var totalAcked: UInt64 = 0
        for path in routes { totalAcked += path.bytesAcked }
        let routeStats = routes.map { path in
            SessionRouteStats(
                route: path.id, isLive: path.isLive, isLearned: path.learned,
                smoothedRTT: path.rtt.hasSample ? path.rtt.smoothed : nil,
                rttVariation: path.rtt.variation,
                minimumRTT: path.rtt.hasSample ? path.rtt.minimum : nil,
                congestionWindow: path.congestion.window, bytesInFlight: path.bytesInFlight,
                packetsSent: path.packetsSent, packetsLost: path.packetsLost,
                bytesSent: path.bytesSent, bytesAcked: path.bytesAcked,
                streamBytesSent: path.streamBytesSent,
                share: totalAcked == 0 ? 0 : Double(path.bytesAcked) / Double(totalAcked))
        }
        return SessionStats(
            routes: routeStats,
            streamBytesWritten: counters.streamBytesWritten,
            streamBytesAcknowledged: min(stream.acknowledgedBelow, stream.writeEnd),
            streamBytesResent: stream.bytesResent,
            streamBytesDelivered: inbound.deliveredEnd,
            streamBytesRead: inbound.readOffset,
            longestDeliveryGap: inbound.longestGap,
            peakReceiveBuffered: inbound.peakBuffered,
            peakSendBuffered: counters.peakSendBuffered,
            packetsReceived: counters.packetsReceived,
            bytesReceived: counters.bytesReceived,
            packetsRejected: counters.packetsRejected,
            datagramsSent: counters.datagramsSent,
            datagramsReceived: counters.datagramsReceived,
            datagramsDropped: counters.datagramsDropped,
            flowControlViolations: counters.flowControlViolations)
    }
}
