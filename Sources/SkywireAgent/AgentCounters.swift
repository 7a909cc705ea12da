/// Counters kept by the runtime itself (the link layer and the node keep their own).
struct AgentCounters {
    /// Datagrams longer than a receive buffer (cut, so dropped before the link layer).
    var truncatedIn: UInt64 = 0
    /// Datagrams received without a usable source address (dropped).
    var unknownSource: UInt64 = 0
    /// Datagrams the kernel refused to send (an error for that datagram: unreachable, ...).
    var sendErrors: UInt64 = 0
    /// Datagrams not sent because the socket's send buffer was full, or no socket of their family.
    var sendDropped: UInt64 = 0
    /// Beacons sent (one per interface and address family).
    var beaconsSent: UInt64 = 0
    /// Beacons received where discovery does not run (discovery off, or an interface not in
    /// `interfaces`), dropped before the link layer.
    var beaconsIgnored: UInt64 = 0
    /// Beacons the kernel refused.
    var beaconErrors: UInt64 = 0
    /// Requests answered on the control socket.
    var controlRequests: UInt64 = 0
}
