import SkywireCrypto

/// Remembers, per initiator static key, the greatest initiation timestamp accepted, and refuses
/// an initiation whose timestamp is not strictly greater: a recorded initiation replayed later is
/// refused.
///
/// Bounded: it remembers at most `capacity` keys. Admitting a new key when full forgets the key
/// whose last acceptance is the oldest (least recently accepted). A forgotten key starts afresh,
/// so one replay of its last initiation would be accepted again; size `capacity` at least to the
/// number of peers that may initiate (e.g. every configured neighbour) so that live peers are
/// never evicted. Memory is O(capacity); admitting a new key into a full guard costs O(capacity).
public struct InitiationReplayGuard: Sendable {
    /// Why an initiation was refused.
    public enum Rejection: Error, Equatable, Sendable {
        /// The timestamp is not later than the last one accepted from this key.
        case notNewer(last: InitiationTimestamp, got: InitiationTimestamp)
    }

    /// Default number of remembered keys.
    public static let defaultCapacity = 4096

    /// The most keys remembered at once.
    public let capacity: Int
    private var entries: [PublicKey: (timestamp: InitiationTimestamp, acceptedAt: UInt64)] = [:]
    private var acceptances: UInt64 = 0

    /// A guard remembering at most `capacity` keys (at least 1).
    public init(capacity: Int = InitiationReplayGuard.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// Number of keys remembered now.
    public var count: Int { entries.count }

    /// The last accepted timestamp of `key`, if remembered.
    public func lastTimestamp(of key: PublicKey) -> InitiationTimestamp? {
        entries[key]?.timestamp
    }

    /// Accepts `timestamp` from `key` if it is strictly greater than the last one accepted, and
    /// remembers it; otherwise throws and remembers nothing. Call only after the initiation has
    /// authenticated (so a forger cannot advance a peer's timestamp).
    public mutating func admit(_ timestamp: InitiationTimestamp, from key: PublicKey) throws(Rejection) {
        if let last = entries[key]?.timestamp, timestamp <= last {
            throw .notNewer(last: last, got: timestamp)
        }
        if entries[key] == nil, entries.count >= capacity { evictOldest() }
        acceptances += 1
        entries[key] = (timestamp, acceptances)
    }

    private mutating func evictOldest() {
        var oldest: PublicKey?
        var oldestAcceptance = UInt64.max
        for (key, entry) in entries where entry.acceptedAt < oldestAcceptance {
            oldest = key
            oldestAcceptance = entry.acceptedAt
        }
        if let oldest { entries[oldest] = nil }
    }
}
