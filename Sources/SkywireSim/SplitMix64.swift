/// A small seeded pseudo-random generator (SplitMix64): every draw the simulator makes (loss,
/// topologies, keys) comes from one of these, so a seed replays the same run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// A generator for a sub-stream (one per link direction, say), independent of draw order elsewhere.
    public func derived(_ salt: UInt64) -> SplitMix64 {
        var g = SplitMix64(seed: state ^ (salt &* 0xD6E8_FEB8_6659_FD93))
        _ = g.next()
        return g
    }
}
