import SkywireCrypto
import SkywireLink
import SkywireRouting

extension SkywireNode {
    // MARK: The own record

    /// Compares the links with the published record; schedules a publication when they differ
    /// enough or the record is due for its refresh.
    func checkOwnRecord(now: UInt64) {
        let wanted = currentRecordLinks(now: now)
        let refreshDue = record.publishedAt.map { now &- $0 >= config.republishInterval } ?? false
        if refreshDue || OwnRecordBuilder.differs(record.published, wanted, config: config) {
            if record.publishAt == nil { record.publishAt = now }
        }
    }

    /// Publishes now if the scheduled check finds a reason and pacing allows; otherwise
    /// reschedules (pacing) or unschedules (nothing to say).
    func publishIfDue(now: UInt64) {
        record.publishAt = nil
        let wanted = currentRecordLinks(now: now)
        let refreshDue = record.publishedAt.map { now &- $0 >= config.republishInterval } ?? false
        guard refreshDue || record.forcePublish || OwnRecordBuilder.differs(record.published, wanted, config: config) else { return }
        if let later = record.takeToken(now: now) {
            record.publishAt = later
            return
        }
        publish(wanted, now: now)
    }

    private func currentRecordLinks(now: UInt64) -> [LinkStateRecord.Link] {
        OwnRecordBuilder.links(from: links.snapshot(now: now), peaks: &record.throughputPeak, config: config)
    }

    private func publish(_ recordLinks: [LinkStateRecord.Link], now: UInt64) {
        let sequence = record.nextSequence(wallClock: wallClock(at: now))
        let own = LinkStateRecord(
            origin: localKey, sequence: sequence, lifetimeSeconds: config.recordLifetimeSeconds, links: recordLinks)
        let flood: TopologyDatabase.Flood
        do throws(LinkStateError) {
            flood = try database.originate(own, signedWith: identity, neighbours: upNeighbourList, now: now)
        } catch {
            return  // cannot happen: our own key, a fresh sequence, validated links
        }
        record.published = recordLinks
        record.publishedAt = now
        record.forcePublish = false
        graphCache = nil
        counters.recordsPublished &+= 1
        for neighbour in flood.neighbours {
            bundler.append(to: neighbour, type: RoutingFrameType.linkState.rawValue, body: flood.record)
        }
        events.append(.recordPublished(
            sequence: sequence, links: recordLinks.count, confirmed: recordLinks.filter(\.confirmed).count))
    }

    // MARK: Records from neighbours

    /// A link-state record from a neighbour: stored and flooded per the database's decision.
    func receiveRecord(_ body: UnsafeRawBufferPointer, from sender: PublicKey, now: UInt64) {
        if isDuplicateRecord(body, now: now) {
            counters.recordsDuplicate &+= 1
            return
        }
        let outcome = database.receive(Array(body), from: sender, neighbours: upNeighbourList, now: now)
        switch outcome {
        case .accepted(_, let flood):
            counters.recordsAccepted &+= 1
            graphCache = nil
            for neighbour in flood.neighbours {
                bundler.append(to: neighbour, type: RoutingFrameType.linkState.rawValue, body: flood.record)
            }
        case .duplicate:
            counters.recordsDuplicate &+= 1
        case .stale:
            counters.recordsStale &+= 1
        case .selfOriginated(let sequence):
            // Our own record from before a restart: continue above its sequence number.
            if sequence >= record.sequence {
                record.sequence = sequence
                record.forcePublish = true
                if record.publishAt == nil { record.publishAt = now }
            }
        case .rateLimited, .tableFull:
            counters.recordsRefused &+= 1
        case .invalid:
            counters.recordsInvalid &+= 1
        }
    }

    /// A record whose (origin, sequence) is the stored live one: dropped before it is decoded
    /// (every node gets each record from each of its neighbours; decoding one parses up to 25
    /// curve points). Anything else goes through the database's full checks.
    private func isDuplicateRecord(_ body: UnsafeRawBufferPointer, now: UInt64) -> Bool {
        guard body.count >= LinkStateRecord.headerSize, body[0] == LinkStateRecord.version,
              let origin = try? PublicKey(compressed: UnsafeRawBufferPointer(rebasing: body[2..<35])),
              let stored = database.record(of: origin, now: now) else { return false }
        var sequence: UInt64 = 0
        for i in 35..<43 { sequence = sequence << 8 | UInt64(body[i]) }
        return sequence == stored.sequence
    }

    /// A neighbour's link just came up: it gets every live record we hold (its database catches
    /// up at once instead of waiting for republications).
    func syncRecords(to neighbour: PublicKey, now: UInt64) {
        for bytes in database.recordsForSync(now: now) {
            bundler.append(to: neighbour, type: RoutingFrameType.linkState.rawValue, body: bytes)
        }
    }

    /// The directed graph of every live record (this node's own included), as the route finder
    /// sees it. Cached until the database changes.
    public func graph(now: UInt64) -> TopologyGraph {
        if let g = graphCache { return g }
        let g = database.graph(now: now)
        graphCache = g
        return g
    }

    // MARK: Snapshot

    /// The topology as this node knows it.
    public func topology(now: UInt64) -> TopologySnapshot {
        let g = graph(now: now)
        return TopologySnapshot(
            nodes: g.nodes, edges: g.nodes.flatMap { g.edges(from: $0) },
            records: database.liveRecords(now: now).count,
            ownSequence: record.published == nil ? nil : record.sequence)
    }
}
