/// The cost of a directed edge, in microseconds: the expected time to get one reference packet
/// across it.
///
/// ```
/// cost = (latency + per-hop cost + serialisation of the reference packet) · 1000 / (1000 − loss‰)
/// serialisation (µs) = referencePacketBytes · 8 · 1000 / throughput (kbit/s)
/// ```
/// - latency is the measured one-way figure;
/// - the per-hop cost stands for the processing and queueing at one more relay, so that of two
///   paths with nearly equal delay the shorter one wins;
/// - the serialisation term makes throughput count: a 1500-byte packet takes 12 µs at 1 Gbit/s and
///   12 ms at 1 Mbit/s (an unmeasured throughput counts as `unmeasuredThroughputKbps`);
/// - dividing by the delivery ratio is ETX-style: on a link losing p of the packets each packet
///   needs 1/(1−p) tries on average. A link at 1000 ‰ (total loss) is unusable.
///
/// Integers throughout, so costs (and therefore chosen paths) are the same on every platform.
public struct RouteCost: Sendable, Equatable {
    public var referencePacketBytes: UInt64
    public var perHopMicros: UInt64
    public var unmeasuredThroughputKbps: UInt32

    public init(referencePacketBytes: UInt64 = 1500, perHopMicros: UInt64 = 250, unmeasuredThroughputKbps: UInt32 = 1000) {
        self.referencePacketBytes = min(referencePacketBytes, 1 << 20)
        self.perHopMicros = perHopMicros
        self.unmeasuredThroughputKbps = max(unmeasuredThroughputKbps, 1)
    }

    /// The cost of an edge, or nil when the edge cannot carry anything (total loss).
    public func cost(of m: LinkMetrics) -> UInt64? {
        guard m.lossPermille < 1000 else { return nil }
        let kbps = UInt64(m.throughputKbps == 0 ? unmeasuredThroughputKbps : m.throughputKbps)
        let serialisation = referencePacketBytes * 8_000 / kbps
        let base = UInt64(m.latencyMicros) + perHopMicros + serialisation
        let cost = base * 1000 / UInt64(1000 - m.lossPermille)
        return max(cost, 1)
    }
}
