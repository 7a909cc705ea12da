/// The tags of route setups a hop has processed, each kept for `retention` nanoseconds, so a
/// replayed setup is refused (`RouteSetupError.replayed`).
///
/// Bounded: at most `capacity` tags. Tags expire in insertion order (the retention is the same for
/// all and `now` is monotonic), so a FIFO queue drives expiry; when the set is full the oldest tag
/// leaves early. That reopens a replay window only for setups older than `capacity` newer ones
/// (with the defaults: more than 109 setups per second sustained over the 10 minute retention),
/// and only the neighbour that handed this node the setup can replay it: every hop sees different
/// bytes, and links are authenticated and replay-protected themselves.
public struct SetupReplaySet: Sendable {
    public let capacity: Int
    public let retention: UInt64
    private var expiries: [ReplayTag: UInt64] = [:]
    private var queue: [(tag: ReplayTag, expiresAt: UInt64)] = []
    private var head = 0

    public init(capacity: Int = 65_536, retention: UInt64 = 600_000_000_000) {
        self.capacity = max(capacity, 1)
        self.retention = retention
    }

    /// Tags currently held.
    public var count: Int { expiries.count }

    /// Whether `tag` was inserted and has not expired at `now`.
    public func contains(_ tag: ReplayTag, now: UInt64) -> Bool {
        guard let expiresAt = expiries[tag] else { return false }
        return expiresAt > now
    }

    /// Records `tag` at `now` (expiring old tags first, then the oldest if still full).
    public mutating func insert(_ tag: ReplayTag, now: UInt64) {
        expire(now: now)
        while expiries.count >= capacity, head < queue.count { dropOldest() }
        let expiresAt = now &+ retention
        expiries[tag] = expiresAt
        queue.append((tag, expiresAt))
    }

    /// Forgets every tag whose retention ran out at `now`.
    public mutating func expire(now: UInt64) {
        while head < queue.count, queue[head].expiresAt <= now { dropOldest() }
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }

    /// Every tag held, for inspection (tests, diagnostics).
    public var tags: [ReplayTag] { Array(expiries.keys) }

    private mutating func dropOldest() {
        let oldest = queue[head]
        head += 1
        // A tag inserted twice has a newer entry further back: only drop the matching one.
        if expiries[oldest.tag] == oldest.expiresAt { expiries[oldest.tag] = nil }
    }
}
