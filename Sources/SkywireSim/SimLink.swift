import SkywireWire

/// One direction of a simulated link: propagation delay, random loss, and a bottleneck of
/// `rateBytesPerSecond` with a bounded buffer (tail drop), as a router interface would have.
public struct DirectionSpec: Sendable, Equatable {
    /// Propagation delay, ns.
    public var latency: UInt64
    /// Probability that a datagram is lost, 0…1.
    public var loss: Double
    /// Bottleneck rate in bytes per second; 0 = no bottleneck (no serialisation delay).
    public var rateBytesPerSecond: UInt64
    /// Bytes the bottleneck queue holds; a datagram that would exceed it is dropped.
    public var bufferBytes: Int
    /// False: the direction delivers nothing (cut, or the dead half of a one-way link).
    public var up: Bool

    public init(latency: UInt64, loss: Double = 0, rateBytesPerSecond: UInt64 = 0, bufferBytes: Int = 256 * 1024, up: Bool = true) {
        self.latency = latency
        self.loss = loss
        self.rateBytesPerSecond = rateBytesPerSecond
        self.bufferBytes = bufferBytes
        self.up = up
    }

    /// A clean direction with this one-way delay in milliseconds.
    public static func ms(_ milliseconds: Double) -> DirectionSpec {
        DirectionSpec(latency: UInt64(milliseconds * 1_000_000))
    }
}

/// Why the network dropped a datagram.
public enum DropCause: Sendable, Equatable {
    case loss, cut, queueFull, misaddressed
}

/// The state of one direction: its spec, the bottleneck's busy time, its own random stream.
struct DirectionState {
    var spec: DirectionSpec
    var busyUntil: UInt64 = 0
    var rng: SplitMix64
    var delivered: UInt64 = 0
    var dropped: UInt64 = 0

    /// When a datagram of `size` bytes sent at `now` arrives, or why it does not.
    mutating func transmit(size: Int, now: UInt64) -> Result<UInt64, DropReasonBox> {
        guard spec.up else { dropped &+= 1; return .failure(.init(.cut)) }
        if spec.loss > 0, rng.unit() < spec.loss { dropped &+= 1; return .failure(.init(.loss)) }
        var departure = now
        if spec.rateBytesPerSecond > 0 {
            let start = max(now, busyUntil)
            let backlog = (start - now) * spec.rateBytesPerSecond / 1_000_000_000
            guard Int(backlog) + size <= spec.bufferBytes else { dropped &+= 1; return .failure(.init(.queueFull)) }
            departure = start + UInt64(size) * 1_000_000_000 / spec.rateBytesPerSecond
            busyUntil = departure
        }
        delivered &+= 1
        return .success(departure + spec.latency)
    }
}

/// `DropCause` as an `Error` for `Result`.
struct DropReasonBox: Error {
    let cause: DropCause
    init(_ cause: DropCause) { self.cause = cause }
}

/// A point-to-point link between two simulated nodes. Side 0 is `a` (the dialling side), side 1 `b`.
struct SimLink {
    let nodes: (Int, Int)
    /// Each node's interface index for this link, and its address on it.
    let interfaces: (UInt32, UInt32)
    let endpoints: (WireEndpoint, WireEndpoint)
    /// a → b and b → a.
    var forward: DirectionState
    var backward: DirectionState

    func side(of node: Int) -> Int? {
        node == nodes.0 ? 0 : node == nodes.1 ? 1 : nil
    }
}
