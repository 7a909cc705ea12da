import SkywireCrypto

/// One link (one path to a neighbour) as `skywire neighbors` / `status` show it. Plain values.
public struct LinkSnapshot: Sendable, Equatable {
    /// Where the link sends now (moves when the peer roams).
    public var path: PathAddress
    public var state: LinkState
    /// Configured with `addStaticPeer` (re-dialled forever; never forgotten).
    public var isStatic: Bool
    /// Smoothed round-trip time and its variation (RFC 6298), from probes; nil before a sample.
    public var rttNanos: UInt64?
    public var rttVarNanos: UInt64?
    /// Fraction of our packets the peer did not receive (from its receive reports).
    public var lossOut: Double?
    /// Fraction of the peer's packets we did not receive (from gaps in its counters).
    public var lossIn: Double?
    /// Bytes per second the peer reported receiving from us over its last report interval.
    public var throughputOutBytesPerSec: UInt64?
    /// Bytes per second we received from the peer over our last report interval.
    public var throughputInBytesPerSec: UInt64?
    /// Time since the last authenticated packet; nil if none yet.
    public var lastHeardAgoNanos: UInt64?
    /// Authenticated transport packets received, transport packets sent, and their datagram
    /// bytes; cumulative over every session of this link.
    public var packetsIn: UInt64
    public var packetsOut: UInt64
    public var bytesIn: UInt64
    public var bytesOut: UInt64
    /// Key epochs of the current session; nil without one.
    public var sendEpoch: UInt64?
    public var receiveEpoch: UInt64?
    /// When (caller's monotonic ns) the current session was established; nil without one.
    public var establishedAt: UInt64?
    /// When the link last came up; nil unless up.
    public var upSince: UInt64?
    /// Sessions established on this link so far (first handshake and every rehandshake).
    public var handshakes: UInt64
    /// Consecutive initiations without an answer.
    public var failedAttempts: Int
}

/// One neighbour (a node key) with all its links.
public struct NeighborSnapshot: Sendable, Equatable {
    public var key: PublicKey
    /// At least one link is up.
    public var isUp: Bool
    /// Sorted by interface, then endpoint text.
    public var links: [LinkSnapshot]
}
