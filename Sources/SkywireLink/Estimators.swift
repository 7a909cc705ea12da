/// Smoothed round-trip time as RFC 6298 §2 computes it (α = 1/8, β = 1/4), in nanoseconds.
struct RTTEstimator {
    private(set) var smoothed: UInt64?
    private(set) var variation: UInt64 = 0

    mutating func add(sample r: UInt64) {
        guard let s = smoothed else {
            smoothed = r
            variation = r / 2
            return
        }
        let difference = s > r ? s - r : r - s
        variation = variation - variation / 4 + difference / 4
        smoothed = s - s / 8 + r / 8
    }
}

/// Loss in one direction from (sent, delivered) increments, each report interval weighing
/// `decay` as much as the next one (an exponentially weighted window of about 1/(1−decay)
/// intervals, counted in packets so a busy interval weighs more than an idle one).
struct LossEstimator {
    static let decay = 0.875
    private var sent = 0.0
    private var delivered = 0.0

    /// One interval: `sent` packets left the sender (counter span), `delivered` arrived.
    mutating func add(sent s: UInt64, delivered d: UInt64) {
        guard s > 0 || d > 0 else { return }
        sent = sent * Self.decay + Double(s)
        delivered = delivered * Self.decay + Double(d)
    }

    /// The lost fraction, 0…1; nil before any packet was counted.
    var value: Double? {
        guard sent > 0 else { return nil }
        return min(1, max(0, 1 - delivered / sent))
    }
}

/// Bytes per second of `bytes` over `nanos`, or nil for an empty interval.
func rate(bytes: UInt64, over nanos: UInt64) -> UInt64? {
    guard nanos > 0 else { return nil }
    return UInt64(Double(bytes) * 1e9 / Double(nanos))
}
