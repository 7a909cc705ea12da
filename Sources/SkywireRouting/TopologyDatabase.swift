import SkywireCrypto

/// The link-state database, sans-IO: signed records in, flooding instructions and a graph out.
///
/// Per origin it keeps the newest record (greatest sequence number) until its lifetime runs out,
/// then a *tombstone* (the sequence number alone) for `tombstoneRetention`, so an old record that
/// is replayed after expiry is still recognised as stale. Order of checks for a received record:
/// decode (cheap) → records about this node are refused → duplicate / stale sequence (no signature
/// check needed to drop them) → signature → room in the table → the origin's token bucket →
/// stored and flooded. Forged records therefore cannot drain an origin's bucket.
///
/// Memory is bounded by `maxOrigins` entries (live records and tombstones). When the table is full
/// a new origin first takes the place of the tombstone that is due to be forgotten soonest; when
/// there is none the new origin is refused (`tableFull`) rather than evicting a live record, so a
/// flood of fresh keys cannot push known nodes out of the map: it only delays learning new ones
/// until records expire.
public struct TopologyDatabase: Sendable {
    public struct Configuration: Sendable {
        /// Live records plus tombstones.
        public var maxOrigins: Int
        /// Records one origin may have accepted in a burst.
        public var burst: UInt32
        /// One more record per origin every this many nanoseconds.
        public var refillInterval: UInt64
        /// A record's lifetime is clamped to this many seconds.
        public var maxLifetimeSeconds: UInt32
        /// How long (ns) the sequence number of an expired record is remembered.
        public var tombstoneRetention: UInt64

        public init(
            maxOrigins: Int = 4096, burst: UInt32 = 4, refillInterval: UInt64 = 10_000_000_000,
            maxLifetimeSeconds: UInt32 = 3600, tombstoneRetention: UInt64 = 3_600_000_000_000
        ) {
            self.maxOrigins = maxOrigins
            self.burst = burst
            self.refillInterval = refillInterval
            self.maxLifetimeSeconds = maxLifetimeSeconds
            self.tombstoneRetention = tombstoneRetention
        }
    }

    /// What to send where: the record's bytes, unchanged, to each listed neighbour.
    public struct Flood: Equatable, Sendable {
        public let record: [UInt8]
        public let neighbours: [PublicKey]
    }

    /// The result of offering a received record to the database.
    public enum ReceiveOutcome: Sendable {
        /// New: stored; send `flood`.
        case accepted(LinkStateRecord, flood: Flood)
        /// The same (origin, sequence) is already stored: nothing to do, never re-flooded.
        case duplicate
        /// Older than (or equal to an expired) record already seen from this origin.
        case stale(storedSequence: UInt64)
        /// A record about this node from elsewhere: not stored. If `sequence` is greater than the
        /// local one (this node restarted and lost count), publish again with a higher number.
        case selfOriginated(sequence: UInt64)
        /// The origin's token bucket is empty.
        case rateLimited
        /// No room for another origin (see the type's doc).
        case tableFull
        /// It does not decode or verify.
        case invalid(LinkStateError)
    }

    enum OriginState: Sendable {
        case live(record: LinkStateRecord, bytes: [UInt8], expiresAt: UInt64)
        case expired(sequence: UInt64, forgetAt: UInt64)
    }

    struct OriginEntry: Sendable {
        var state: OriginState
        var bucket: TokenBucket
    }

    public let localKey: PublicKey
    public let configuration: Configuration
    var origins: [PublicKey: OriginEntry] = [:]

    public init(localKey: PublicKey, configuration: Configuration = Configuration()) {
        self.localKey = localKey
        self.configuration = configuration
    }

    /// Live records plus tombstones (the quantity `maxOrigins` bounds).
    public var entryCount: Int { origins.count }

    /// Offers a record received from `sender` (nil: from a local source such as a file).
    /// `neighbours` is the current set of neighbours with a working link.
    public mutating func receive(
        _ bytes: [UInt8], from sender: PublicKey?, neighbours: [PublicKey], now: UInt64
    ) -> ReceiveOutcome {
        let decoded: Result<(LinkStateRecord, signedLength: Int), LinkStateError> = bytes.withUnsafeBytes { raw in
            Result { () throws(LinkStateError) in try LinkStateRecord.decodeUnverified(raw) }
        }
        let record: LinkStateRecord
        switch decoded {
        case .success(let r): record = r.0
        case .failure(let e): return .invalid(e)
        }
        if record.origin == localKey { return .selfOriginated(sequence: record.sequence) }
        if let stored = origins[record.origin] {
            let storedSequence = Self.sequence(of: stored.state)
            if record.sequence < storedSequence { return .stale(storedSequence: storedSequence) }
            if record.sequence == storedSequence {
                switch stored.state {
                case .live(_, _, let expiresAt) where expiresAt > now: return .duplicate
                case .live, .expired: return .stale(storedSequence: storedSequence)
                }
            }
        }
        do throws(LinkStateError) {
            _ = try LinkStateRecord.decodeVerified(bytes)
        } catch {
            return .invalid(error)
        }
        if origins[record.origin] == nil && !makeRoom(now: now) { return .tableFull }
        var bucket = origins[record.origin]?.bucket
            ?? TokenBucket(capacity: configuration.burst, refillInterval: configuration.refillInterval, now: now)
        guard bucket.take(now: now) else {
            origins[record.origin]?.bucket = bucket
            return .rateLimited
        }
        origins[record.origin] = OriginEntry(state: .live(record: record, bytes: bytes, expiresAt: expiry(of: record, now: now)), bucket: bucket)
        let targets = Set(neighbours).subtracting([localKey, record.origin] + (sender.map { [$0] } ?? []))
        return .accepted(record, flood: Flood(record: bytes, neighbours: targets.sorted()))
    }

    /// Signs and stores this node's own record and returns the flood to every neighbour.
    public mutating func originate(
        _ record: LinkStateRecord, signedWith key: PrivateKey, neighbours: [PublicKey], now: UInt64
    ) throws(LinkStateError) -> Flood {
        guard record.origin == localKey else { throw .signingKeyMismatch }
        if let stored = origins[localKey] {
            let s = Self.sequence(of: stored.state)
            guard record.sequence > s else { throw .sequenceNotNewer(stored: s) }
        }
        let bytes = try record.encodeSigned(with: key)
        let bucket = TokenBucket(capacity: configuration.burst, refillInterval: configuration.refillInterval, now: now)
        origins[localKey] = OriginEntry(state: .live(record: record, bytes: bytes, expiresAt: expiry(of: record, now: now)), bucket: bucket)
        return Flood(record: bytes, neighbours: Set(neighbours).subtracting([localKey]).sorted())
    }

    /// Turns records whose lifetime ran out into tombstones and forgets old tombstones.
    /// Returns the origins whose record expired at this call, ascending.
    @discardableResult
    public mutating func expire(now: UInt64) -> [PublicKey] {
        var expired: [PublicKey] = []
        for (origin, entry) in origins {
            switch entry.state {
            case .live(let record, _, let expiresAt):
                if expiresAt <= now {
                    let forgetAt = expiresAt &+ configuration.tombstoneRetention
                    origins[origin]?.state = .expired(sequence: record.sequence, forgetAt: max(forgetAt, expiresAt))
                    expired.append(origin)
                }
            case .expired(_, let forgetAt):
                if forgetAt <= now { origins[origin] = nil }
            }
        }
        return expired.sorted()
    }

    /// The live record of `origin` at `now`.
    public func record(of origin: PublicKey, now: UInt64) -> LinkStateRecord? {
        guard let entry = origins[origin] else { return nil }
        switch entry.state {
        case .live(let record, _, let expiresAt): return expiresAt > now ? record : nil
        case .expired: return nil
        }
    }

    /// Every live record, ascending by origin.
    public func liveRecords(now: UInt64) -> [LinkStateRecord] {
        origins.keys.sorted().compactMap { record(of: $0, now: now) }
    }

    /// The signed bytes of every live record, ascending by origin: what to send a neighbour whose
    /// link just came up so its database catches up.
    public func recordsForSync(now: UInt64) -> [[UInt8]] {
        origins.keys.sorted().compactMap { origin -> [UInt8]? in
            switch origins[origin]!.state {  // the key comes from the same dictionary
            case .live(_, let bytes, let expiresAt): return expiresAt > now ? bytes : nil
            case .expired: return nil
            }
        }
    }

    /// The directed graph of every live record at `now` (see `TopologyGraph`).
    public func graph(now: UInt64) -> TopologyGraph {
        TopologyGraph(records: liveRecords(now: now))
    }

    private func expiry(of record: LinkStateRecord, now: UInt64) -> UInt64 {
        let seconds = UInt64(min(record.lifetimeSeconds, configuration.maxLifetimeSeconds))
        return now &+ seconds * 1_000_000_000
    }

    private static func sequence(of state: OriginState) -> UInt64 {
        switch state {
        case .live(let record, _, _): return record.sequence
        case .expired(let sequence, _): return sequence
        }
    }

    /// Frees one slot if the table is full: expire first, then drop the tombstone forgotten soonest.
    private mutating func makeRoom(now: UInt64) -> Bool {
        if origins.count < configuration.maxOrigins { return true }
        expire(now: now)
        if origins.count < configuration.maxOrigins { return true }
        var victim: (key: PublicKey, forgetAt: UInt64)? = nil
        for (origin, entry) in origins {
            switch entry.state {
            case .live: continue
            case .expired(_, let forgetAt):
                if victim == nil || forgetAt < victim!.forgetAt || (forgetAt == victim!.forgetAt && origin < victim!.key) {
                    victim = (origin, forgetAt)
                }
            }
        }
        guard let victim else { return false }
        origins[victim.key] = nil
        return true
    }
}
