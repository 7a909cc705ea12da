/// A token bucket, sans-IO: the caller passes `now` (monotonic nanoseconds).
///
/// It holds at most `capacity` tokens and gains one every `refillInterval` nanoseconds; `take`
/// spends one if there is one. A clock that goes backwards adds nothing.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: UInt32
    public let refillInterval: UInt64
    public private(set) var tokens: UInt32
    private var lastRefill: UInt64

    /// A full bucket.
    public init(capacity: UInt32, refillInterval: UInt64, now: UInt64) {
        self.capacity = capacity
        self.refillInterval = max(refillInterval, 1)
        self.tokens = capacity
        self.lastRefill = now
    }

    /// Spends one token if one is available at `now`.
    public mutating func take(now: UInt64) -> Bool {
        refill(now: now)
        guard tokens > 0 else { return false }
        tokens -= 1
        return true
    }

    private mutating func refill(now: UInt64) {
        guard now > lastRefill else { return }
        let gained = (now - lastRefill) / refillInterval
        guard gained > 0 else { return }
        if gained >= UInt64(capacity - tokens) {
            tokens = capacity
            lastRefill = now
        } else {
            tokens += UInt32(gained)
            lastRefill += gained * refillInterval
        }
    }
}
