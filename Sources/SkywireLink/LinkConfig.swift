import SkywireTransport

/// Timers and limits of the link layer. All durations are nanoseconds of the monotonic clock
/// the caller passes as `now`. See docs/protocol.md §6 for what each one governs on the wire.
public struct LinkConfig: Sendable, Equatable {
    /// Send a keepalive when nothing was sent on a link for this long. Default 1 s.
    public var keepaliveInterval: UInt64
    /// A link is down after this many keepalive intervals without an authenticated packet.
    /// Default 3.
    public var deadAfterMissed: Int
    /// The wait before the first handshake retry; it doubles per failed attempt. Default 1 s.
    public var handshakeRetry: UInt64
    /// The longest wait between handshake attempts. Default 8 s.
    public var handshakeRetryMax: UInt64
    /// Initiations a link discovered by beacon (not a static peer) sends on its own before it
    /// gives up and waits for the next beacon. Default 4.
    public var discoveredAttempts: Int
    /// RTT probe period. Default 1 s.
    public var probeInterval: UInt64
    /// Receive-report period. Default 1 s.
    public var reportInterval: UInt64
    /// A fresh IK handshake after a session is this old (forward secrecy); the old session
    /// keeps working until the new one is up. Default 120 s.
    public var rehandshakeAfter: UInt64
    /// How often the runtime should send beacons (the manager only builds them). Default 1 s.
    public var beaconInterval: UInt64
    /// Key epochs inside one session.
    public var rekey: RekeyPolicy
    /// The largest datagram the link layer builds: 1452 by default (1500-byte MTU minus IPv6
    /// and UDP headers). Application payloads may be up to this minus 32 bytes.
    public var maxDatagramSize: Int
    /// Outgoing datagrams (and delivered frames) held between drains; more are dropped and
    /// counted (`DropReason.queueFull`). Default 4096.
    public var maxQueuedDatagrams: Int
    /// A link found by beacon or by an incoming handshake is forgotten after being down this
    /// long (static peers never are). Default 600 s.
    public var forgetDownLinksAfter: UInt64
    /// Beacons and initiations from new node keys are refused once this many neighbours are
    /// known (`DropReason.neighborLimit`); static peers are always added. Default 1024.
    public var maxNeighbors: Int

    public static let `default` = LinkConfig()

    public init(
        keepaliveInterval: UInt64 = 1_000_000_000,
        deadAfterMissed: Int = 3,
        handshakeRetry: UInt64 = 1_000_000_000,
        handshakeRetryMax: UInt64 = 8_000_000_000,
        discoveredAttempts: Int = 4,
        probeInterval: UInt64 = 1_000_000_000,
        reportInterval: UInt64 = 1_000_000_000,
        rehandshakeAfter: UInt64 = 120_000_000_000,
        beaconInterval: UInt64 = 1_000_000_000,
        rekey: RekeyPolicy = .default,
        maxDatagramSize: Int = 1452,
        maxQueuedDatagrams: Int = 4096,
        forgetDownLinksAfter: UInt64 = 600_000_000_000,
        maxNeighbors: Int = 1024
    ) {
        self.keepaliveInterval = keepaliveInterval
        self.deadAfterMissed = deadAfterMissed
        self.handshakeRetry = handshakeRetry
        self.handshakeRetryMax = handshakeRetryMax
        self.discoveredAttempts = discoveredAttempts
        self.probeInterval = probeInterval
        self.reportInterval = reportInterval
        self.rehandshakeAfter = rehandshakeAfter
        self.beaconInterval = beaconInterval
        self.rekey = rekey
        self.maxDatagramSize = maxDatagramSize
        self.maxQueuedDatagrams = maxQueuedDatagrams
        self.forgetDownLinksAfter = forgetDownLinksAfter
        self.maxNeighbors = maxNeighbors
    }

    /// Silence after which a link is down: `deadAfterMissed × keepaliveInterval`, saturating.
    var deadAfter: UInt64 {
        let (product, overflow) = keepaliveInterval.multipliedReportingOverflow(by: UInt64(max(1, deadAfterMissed)))
        return overflow ? UInt64.max : product
    }

    /// The wait after the `attempt`-th consecutive initiation (1-based): `handshakeRetry` doubled
    /// per earlier attempt, capped at `handshakeRetryMax`.
    func retryDelay(afterAttempt attempt: Int) -> UInt64 {
        let doublings = min(max(attempt - 1, 0), 40)
        let (delay, overflow) = handshakeRetry.multipliedReportingOverflow(by: UInt64(1) << UInt64(doublings))
        return overflow ? handshakeRetryMax : min(delay, handshakeRetryMax)
    }

    /// The datagram size actually used: at least 256, at most 65507 (the UDP limit).
    var datagramSize: Int { min(max(maxDatagramSize, 256), 65_507) }
}

/// `a + b`, saturating at `UInt64.max` (deadlines far in the future must not wrap).
@inline(__always)
func later(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? UInt64.max : sum
}

/// `now − then`, or 0 if the clock seems to have gone backwards.
@inline(__always)
func elapsed(_ now: UInt64, since then: UInt64) -> UInt64 {
    now >= then ? now - then : 0
}
