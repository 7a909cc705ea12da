import SkywireCrypto

/// One path to one neighbour: its sessions, handshake state, timers and metrics.
///
/// Sessions: `current` carries what we send. After a rehandshake the replaced session stays in
/// `previous` and is still accepted until it retires (§6.4). As responder we hold the new
/// session in `unconfirmed` until the initiator's first packet on it arrives (key confirmation),
/// and only then does it become `current`.
final class Link {
    let neighbor: PublicKey
    /// Where we send now.
    var path: PathAddress
    /// The configured address of a static peer: where re-dials go.
    var staticPath: PathAddress?
    var state: LinkState = .down

    var current: LinkSession?
    var previous: LinkSession?
    /// `previous` retires at `previousRetireAt` once `current` has received a packet, and at
    /// `previousExpireAt` regardless.
    var previousRetireAt: UInt64 = 0
    var previousExpireAt: UInt64 = 0
    var unconfirmed: LinkSession?
    var unconfirmedDeadline: UInt64 = 0
    var pending: PendingInitiation?

    /// Consecutive initiations without a completed handshake.
    var attempts = 0
    var lastAttemptAt: UInt64?
    /// When the next initiation is due (a pending one timed out, or a static peer's re-dial).
    var retryAt: UInt64?

    var lastSentAt: UInt64 = 0
    var lastHeardAt: UInt64?
    var upSince: UInt64?
    var downSince: UInt64
    var nextProbeAt: UInt64 = 0
    var nextReportAt: UInt64 = 0
    var probeID: UInt32 = 0
    var pendingEcho: PendingEcho?

    var rtt = RTTEstimator()
    var lossOut = LossEstimator()
    var lossIn = LossEstimator()
    var throughputOut: UInt64?
    var throughputIn: UInt64?
    var packetsIn: UInt64 = 0
    var packetsOut: UInt64 = 0
    var bytesIn: UInt64 = 0
    var bytesOut: UInt64 = 0
    var handshakes: UInt64 = 0

    init(neighbor: PublicKey, path: PathAddress, now: UInt64) {
        self.neighbor = neighbor
        self.path = path
        downSince = now
    }

    var isStatic: Bool { staticPath != nil }

    /// Whether a beacon may start an initiation now: nothing in flight, not up, and the
    /// backoff since the last attempt has passed (the per-(key, path) rate limit).
    func mayStartFromBeacon(now: UInt64, config: LinkConfig) -> Bool {
        guard state != .up, pending == nil, unconfirmed == nil else { return false }
        guard let last = lastAttemptAt else { return true }
        return elapsed(now, since: last) >= config.retryDelay(afterAttempt: attempts)
    }

    /// Forgets the measurements (a link that went down starts afresh).
    func resetMetrics() {
        rtt = RTTEstimator()
        lossOut = LossEstimator()
        lossIn = LossEstimator()
        throughputOut = nil
        throughputIn = nil
        pendingEcho = nil
    }
}

/// A node key and its links (one per path).
final class Neighbor {
    let key: PublicKey
    var links: [Link] = []

    init(key: PublicKey) { self.key = key }

    var isUp: Bool { links.contains { $0.state == .up } }

    /// The link for a datagram or beacon from `path`: the one on exactly that path; else the
    /// one on the same (specified) interface; else one whose path or static address is the
    /// same route (an unspecified interface matches any).
    func link(for path: PathAddress) -> Link? {
        if let exact = links.first(where: { $0.path == path }) { return exact }
        if path.interface != 0, let sameInterface = links.first(where: { $0.path.interface == path.interface }) {
            return sameInterface
        }
        return links.first { $0.path.sameRoute(as: path) || $0.staticPath?.sameRoute(as: path) == true }
    }

    /// The up link to send on: lowest smoothed RTT (unmeasured counts as slowest), ties broken
    /// by the most recently heard.
    func bestLink() -> Link? {
        var best: Link?
        for link in links where link.state == .up && link.current != nil {
            guard let b = best else { best = link; continue }
            let rl = link.rtt.smoothed ?? UInt64.max, rb = b.rtt.smoothed ?? UInt64.max
            if rl < rb || (rl == rb && (link.lastHeardAt ?? 0) > (b.lastHeardAt ?? 0)) { best = link }
        }
        return best
    }
}
