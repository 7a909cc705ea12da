import SkywireCrypto
import SkywireLink
import SkywireRouting

/// This node's own link-state record: what was published, when the next one is due, and the
/// pacing that keeps it within the receivers' per-origin rate limit (docs/protocol.md §7.8).
struct OwnRecordState {
    var sequence: UInt64 = 0
    var published: [LinkStateRecord.Link]?
    var publishedAt: UInt64?
    /// A publication check is due at this time (a change was seen, or pacing deferred one).
    var publishAt: UInt64?
    /// Publish at the next check even if nothing changed (our sequence number was overtaken).
    var forcePublish = false
    /// The highest delivered throughput seen per neighbour while its link was up, kbit/s.
    var throughputPeak: [PublicKey: UInt32] = [:]

    /// Pacing: a token bucket one token smaller than the receivers' (`TopologyDatabase`'s burst),
    /// refilled at their rate, so a record this node publishes is never refused for its rate.
    private var tokens: Double
    private var refilledAt: UInt64
    let capacity: Double
    let refillInterval: UInt64

    init(config: NodeConfig, now: UInt64) {
        capacity = Double(max(1, Int(config.topology.burst) - 1))
        refillInterval = max(config.topology.refillInterval, 1)
        tokens = capacity
        refilledAt = now
    }

    /// Links changed: look again (and publish if it matters) after `coalesce`.
    mutating func linksChanged(now: UInt64, coalesce: UInt64) {
        let at = now &+ coalesce
        publishAt = min(publishAt ?? at, at)
    }

    mutating func forget(_ neighbour: PublicKey) { throughputPeak[neighbour] = nil }

    /// Takes a publication token, or says when the next one is available.
    mutating func takeToken(now: UInt64) -> UInt64? {
        if now > refilledAt {
            tokens = min(capacity, tokens + Double(now - refilledAt) / Double(refillInterval))
            refilledAt = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return now &+ UInt64((1 - tokens) * Double(refillInterval)) &+ 1
    }

    /// The next sequence number: above the last one and at least the wall clock in µs (so it
    /// keeps growing across restarts).
    mutating func nextSequence(wallClock: UInt64) -> UInt64 {
        sequence = max(sequence &+ 1, wallClock / 1_000)
        return sequence
    }
}

/// How the links of the own record are derived from the link layer's measurements.
enum OwnRecordBuilder {
    /// One entry per neighbour with a working link, measured on its best link (lowest RTT):
    /// latency = RTT / 2 (the link layer measures round trips only), loss and throughput of the
    /// direction towards the neighbour. Confirmed when the neighbour's receive reports show it
    /// gets our packets with a loss below `unconfirmedLoss`. At most `LinkStateRecord.maxLinks`,
    /// the cheapest first.
    static func links(
        from neighbours: [NeighborSnapshot], peaks: inout [PublicKey: UInt32], config: NodeConfig
    ) -> [LinkStateRecord.Link] {
        var out: [LinkStateRecord.Link] = []
        for neighbour in neighbours where neighbour.isUp {
            let up = neighbour.links.filter { $0.state == .up }
            guard let best = up.min(by: { ($0.rttNanos ?? .max) < ($1.rttNanos ?? .max) }) else { continue }
            let latency = best.rttNanos.map { UInt32(clamping: $0 / 2 / 1_000) } ?? 0
            let loss = best.lossOut.map { UInt16(clamping: Int(($0 * 1000).rounded())) } ?? 0
            if let bytesPerSecond = best.throughputOutBytesPerSec {
                let kbps = UInt32(clamping: bytesPerSecond * 8 / 1_000)
                peaks[neighbour.key] = max(peaks[neighbour.key] ?? 0, kbps)
            }
            let peak = peaks[neighbour.key] ?? 0
            let throughput = peak >= config.routeCost.unmeasuredThroughputKbps ? peak : 0
            let confirmed = best.rttNanos != nil && best.lossOut.map { $0 < config.unconfirmedLoss } == true
            out.append(LinkStateRecord.Link(
                neighbour: neighbour.key, confirmed: confirmed, latencyMicros: latency,
                lossPermille: min(loss, 1000), throughputKbps: throughput))
        }
        if out.count > LinkStateRecord.maxLinks {
            let cost = config.routeCost
            out.sort { a, b in
                if a.confirmed != b.confirmed { return a.confirmed }
                let ca = cost.cost(of: LinkMetrics(latencyMicros: a.latencyMicros, lossPermille: a.lossPermille, throughputKbps: a.throughputKbps)) ?? .max
                let cb = cost.cost(of: LinkMetrics(latencyMicros: b.latencyMicros, lossPermille: b.lossPermille, throughputKbps: b.throughputKbps)) ?? .max
                return ca != cb ? ca < cb : a.neighbour < b.neighbour
            }
            out.removeLast(out.count - LinkStateRecord.maxLinks)
        }
        return out.sorted { $0.neighbour < $1.neighbour }
    }

    /// Whether `new` differs from `old` enough to publish: a confirmed link appeared or went, or
    /// a confirmed link's figures moved beyond the thresholds. Unconfirmed links alone are not
    /// worth a record (they are no edges), but ride along in the next one.
    static func differs(_ old: [LinkStateRecord.Link]?, _ new: [LinkStateRecord.Link], config: NodeConfig) -> Bool {
        let newConfirmed = new.filter(\.confirmed)
        guard let old else { return !newConfirmed.isEmpty }
        let oldConfirmed = old.filter(\.confirmed)
        guard oldConfirmed.map(\.neighbour) == newConfirmed.map(\.neighbour) else { return true }
        for (a, b) in zip(oldConfirmed, newConfirmed) {
            let dl = a.latencyMicros > b.latencyMicros ? a.latencyMicros - b.latencyMicros : b.latencyMicros - a.latencyMicros
            let allowed = max(config.latencyChangeFloorMicros, UInt32(Double(a.latencyMicros) * config.latencyChangeFraction))
            if dl > allowed { return true }
            let dp = a.lossPermille > b.lossPermille ? a.lossPermille - b.lossPermille : b.lossPermille - a.lossPermille
            if dp > config.lossChangePermille { return true }
            let (lo, hi) = (min(a.throughputKbps, b.throughputKbps), max(a.throughputKbps, b.throughputKbps))
            if hi > 0 && (lo == 0 || hi / max(lo, 1) >= 2) { return true }
        }
        return false
    }
}
