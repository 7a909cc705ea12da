import SkywireCrypto
import SkywireRouting
import Testing

@Suite struct TopologyDatabaseTests {
    let local = PrivateKey.generate()
    let others = sortedKeys(4)

    func record(_ key: PrivateKey, seq: UInt64, lifetime: UInt32 = 600, links: [(PublicKey, Bool)] = []) throws -> [UInt8] {
        try LinkStateRecord(origin: key.publicKey, sequence: seq, lifetimeSeconds: lifetime, links: links.map {
            .init(neighbour: $0.0, confirmed: $0.1, latencyMicros: 500, lossPermille: 0, throughputKbps: 10_000)
        }).encodeSigned(with: key)
    }

    var neighbours: [PublicKey] { others.map(\.publicKey) }

    @Test func acceptsAndFloodsToEveryNeighbourButTheSenderAndTheOrigin() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        let origin = others[0], sender = others[1]
        let bytes = try record(origin, seq: 1)
        guard case .accepted(let r, let flood) = db.receive(bytes, from: sender.publicKey, neighbours: neighbours, now: 0) else {
            Issue.record("not accepted"); return
        }
        #expect(r.origin == origin.publicKey)
        #expect(flood.record == bytes)
        #expect(flood.neighbours == [others[2].publicKey, others[3].publicKey])
        #expect(db.record(of: origin.publicKey, now: 0) != nil)
    }

    @Test func duplicateIsNotReflooded() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        let bytes = try record(others[0], seq: 5)
        guard case .accepted = db.receive(bytes, from: others[1].publicKey, neighbours: neighbours, now: 0) else {
            Issue.record("not accepted"); return
        }
        guard case .duplicate = db.receive(bytes, from: others[2].publicKey, neighbours: neighbours, now: 1) else {
            Issue.record("duplicate not recognised"); return
        }
        // Same (origin, seq) with a fresh signature is a duplicate too.
        guard case .duplicate = db.receive(try record(others[0], seq: 5), from: nil, neighbours: neighbours, now: 2) else {
            Issue.record("re-signed duplicate not recognised"); return
        }
    }

    @Test func olderSequenceIsIgnoredAndNewerReplaces() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        let o = others[0]
        _ = db.receive(try record(o, seq: 10), from: nil, neighbours: neighbours, now: 0)
        guard case .stale(storedSequence: 10) = db.receive(try record(o, seq: 9), from: nil, neighbours: neighbours, now: 1) else {
            Issue.record("older not stale"); return
        }
        let newer = try record(o, seq: 11, links: [(others[1].publicKey, true)])
        guard case .accepted = db.receive(newer, from: nil, neighbours: neighbours, now: 2) else {
            Issue.record("newer not accepted"); return
        }
        #expect(db.record(of: o.publicKey, now: 2)?.sequence == 11)
        #expect(db.record(of: o.publicKey, now: 2)?.links.count == 1)
    }

    @Test func tamperedRecordIsRejected() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        var bytes = try record(others[0], seq: 1, links: [(others[1].publicKey, true)])
        bytes[60] ^= 0x10  // inside the first link's neighbour key or figures
        switch db.receive(bytes, from: nil, neighbours: neighbours, now: 0) {
        case .invalid: break
        case let other: Issue.record("accepted a tampered record: \(other)")
        }
        #expect(db.entryCount == 0)
    }

    @Test func recordsExpireAndTheirSequenceIsRemembered() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        let o = others[0]
        _ = db.receive(try record(o, seq: 3, lifetime: 10, links: [(others[1].publicKey, true)]), from: nil, neighbours: [], now: 0)
        #expect(db.graph(now: 9 * second).edgeCount == 1)
        #expect(db.record(of: o.publicKey, now: 10 * second) == nil)
        #expect(db.graph(now: 10 * second).edgeCount == 0)
        #expect(db.expire(now: 10 * second) == [o.publicKey])
        // A replay of the old record after expiry is still stale.
        guard case .stale(storedSequence: 3) = db.receive(try record(o, seq: 3, lifetime: 10), from: nil, neighbours: [], now: 11 * second) else {
            Issue.record("replayed expired record accepted"); return
        }
        // Tombstones are forgotten after their retention.
        db.expire(now: 10 * second + db.configuration.tombstoneRetention)
        #expect(db.entryCount == 0)
    }

    @Test func lifetimeIsClampedToTheLocalBound() throws {
        var db = TopologyDatabase(localKey: local.publicKey, configuration: .init(maxLifetimeSeconds: 60))
        _ = db.receive(try record(others[0], seq: 1, lifetime: 86_400), from: nil, neighbours: [], now: 0)
        #expect(db.record(of: others[0].publicKey, now: 59 * second) != nil)
        #expect(db.record(of: others[0].publicKey, now: 60 * second) == nil)
    }

    @Test func eachOriginIsRateLimited() throws {
        var db = TopologyDatabase(localKey: local.publicKey, configuration: .init(burst: 3, refillInterval: 10 * second))
        let o = others[0]
        for seq in 1...3 {
            guard case .accepted = db.receive(try record(o, seq: UInt64(seq)), from: nil, neighbours: [], now: 0) else {
                Issue.record("burst refused at \(seq)"); return
            }
        }
        guard case .rateLimited = db.receive(try record(o, seq: 4), from: nil, neighbours: [], now: 1) else {
            Issue.record("not rate limited"); return
        }
        // Another origin has its own bucket.
        guard case .accepted = db.receive(try record(others[1], seq: 1), from: nil, neighbours: [], now: 1) else {
            Issue.record("other origin limited"); return
        }
        guard case .accepted = db.receive(try record(o, seq: 4), from: nil, neighbours: [], now: 10 * second) else {
            Issue.record("not refilled"); return
        }
    }

    @Test func forgedRecordsDoNotDrainTheOriginsBucket() throws {
        var db = TopologyDatabase(localKey: local.publicKey, configuration: .init(burst: 1, refillInterval: 1000 * second))
        let o = others[0]
        for seq in 1...10 {
            var forged = try record(o, seq: UInt64(seq))
            forged[forged.count - 1] ^= 1
            _ = db.receive(forged, from: nil, neighbours: [], now: 0)
        }
        guard case .accepted = db.receive(try record(o, seq: 11), from: nil, neighbours: [], now: 0) else {
            Issue.record("genuine record refused after forgeries"); return
        }
    }

    @Test func memoryIsBounded() throws {
        var db = TopologyDatabase(localKey: local.publicKey, configuration: .init(maxOrigins: 3))
        let keys = sortedKeys(5)
        for k in keys[0..<3] {
            _ = db.receive(try record(k, seq: 1, lifetime: 10), from: nil, neighbours: [], now: 0)
        }
        guard case .tableFull = db.receive(try record(keys[3], seq: 1), from: nil, neighbours: [], now: 1) else {
            Issue.record("bound not enforced"); return
        }
        #expect(db.entryCount == 3)
        // Once records expire, their tombstones make room for newcomers.
        guard case .accepted = db.receive(try record(keys[3], seq: 1), from: nil, neighbours: [], now: 11 * second) else {
            Issue.record("no room after expiry"); return
        }
        #expect(db.entryCount == 3)
    }

    @Test func recordsAboutThisNodeAreNotStored() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        guard case .selfOriginated(sequence: 9) = db.receive(try record(local, seq: 9), from: others[0].publicKey, neighbours: neighbours, now: 0) else {
            Issue.record("self record stored"); return
        }
        #expect(db.entryCount == 0)
    }

    @Test func originateFloodsToAllNeighboursAndNeedsAGrowingSequence() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        let r = LinkStateRecord(origin: local.publicKey, sequence: 1, lifetimeSeconds: 600, links: [])
        let flood = try db.originate(r, signedWith: local, neighbours: neighbours, now: 0)
        #expect(flood.neighbours == neighbours)
        #expect(try LinkStateRecord.decodeVerified(flood.record) == r)
        #expect(throws: LinkStateError.sequenceNotNewer(stored: 1)) {
            try db.originate(r, signedWith: local, neighbours: neighbours, now: 1)
        }
        #expect(db.recordsForSync(now: 1) == [flood.record])
    }

    @Test func oneWayLinksAreEdgesInOneDirectionOnly() throws {
        var db = TopologyDatabase(localKey: local.publicKey)
        let a = others[0], b = others[1]
        _ = db.receive(try record(a, seq: 1, links: [(b.publicKey, true)]), from: nil, neighbours: [], now: 0)
        _ = db.receive(try record(b, seq: 1, links: [(a.publicKey, false)]), from: nil, neighbours: [], now: 0)
        let g = db.graph(now: 0)
        #expect(g.metrics(from: a.publicKey, to: b.publicKey) != nil)
        #expect(g.metrics(from: b.publicKey, to: a.publicKey) == nil)
        // An edge needs only the origin's record: C never published, A → C still exists.
        let c = others[2]
        _ = db.receive(try record(a, seq: 2, links: [(b.publicKey, true), (c.publicKey, true)]), from: nil, neighbours: [], now: 0)
        #expect(db.graph(now: 0).metrics(from: a.publicKey, to: c.publicKey) != nil)
    }

    @Test func tokenBucketRefillsAndCaps() {
        var bucket = TokenBucket(capacity: 2, refillInterval: 100, now: 0)
        var taken: [Bool] = []
        for t: UInt64 in [0, 0, 99, 100, 10_000, 10_000, 10_000, 5] { taken.append(bucket.take(now: t)) }
        // Two at once, none before the refill, one after it, capped at two, and a clock going
        // backwards adds nothing.
        #expect(taken == [true, true, false, true, true, true, false, false])
    }
}
