/// Round-trip time of one route as RFC 9002 §5 estimates it: min RTT, smoothed RTT and its
/// variation, from samples whose peer-side ack delay is subtracted when that keeps the sample
/// above the minimum. All times in nanoseconds.
struct RTTEstimator {
    private(set) var hasSample = false
    private(set) var latest: UInt64 = 0
    private(set) var minimum: UInt64 = 0
    private(set) var smoothed: UInt64
    private(set) var variation: UInt64

    /// Before the first sample: smoothed = `initial`, variation = `initial / 2` (RFC 9002 §6.2.2).
    init(initial: UInt64) {
        smoothed = initial
        variation = initial / 2
    }

    /// Takes a sample: `rtt` as measured, `ackDelay` as the peer reported it (already clamped).
    mutating func add(sample rtt: UInt64, ackDelay: UInt64) {
        latest = rtt
        guard hasSample else {
            hasSample = true
            minimum = rtt
            smoothed = rtt
            variation = rtt / 2
            return
        }
        minimum = min(minimum, rtt)
        var adjusted = rtt
        if rtt >= minimum + ackDelay { adjusted = rtt - ackDelay }
        let deviation = smoothed > adjusted ? smoothed - adjusted : adjusted - smoothed
        variation = (3 * variation + deviation) / 4
        smoothed = (7 * smoothed + adjusted) / 8
    }

    /// The probe timeout before backoff: srtt + max(4·rttvar, 1 ms) + max ack delay.
    func probeTimeout(maxAckDelay: UInt64) -> UInt64 {
        smoothed + max(4 * variation, 1_000_000) + maxAckDelay
    }
}

/// NewReno congestion control in bytes (RFC 9002 §7): slow start, congestion avoidance, one
/// halving per recovery period, minimum window of two packets. The window only grows while
/// the route actually uses it (an application-limited route does not inflate it).
struct NewReno {
    let maxDatagram: Int
    private(set) var window: Int
    private(set) var slowStartThreshold = Int.max
    private var recoveryStart: UInt64?
    private var avoidanceCredit = 0

    init(maxDatagram: Int) {
        self.maxDatagram = maxDatagram
        window = Self.initialWindow(maxDatagram)
    }

    static func initialWindow(_ maxDatagram: Int) -> Int { 10 * maxDatagram }
    var minimumWindow: Int { 2 * maxDatagram }
    var inSlowStart: Bool { window < slowStartThreshold }

    /// A packet of `bytes` sent at `sentAt` was acknowledged; `inFlight` is what was in flight
    /// on the route just before this acknowledgement.
    mutating func onAcked(bytes: Int, sentAt: UInt64, inFlight: Int) {
        if let start = recoveryStart, sentAt <= start { return }
        if inSlowStart {
            guard 2 * inFlight >= window else { return }  // not using the window
            window += bytes
        } else {
            guard inFlight + 3 * maxDatagram >= window else { return }
            avoidanceCredit += bytes
            if avoidanceCredit >= window {
                avoidanceCredit -= window
                window += maxDatagram
            }
        }
    }

    /// Packets were declared lost; `largestSentAt` is when the newest of them was sent.
    mutating func onLost(largestSentAt: UInt64, now: UInt64) {
        if let start = recoveryStart, largestSentAt <= start { return }
        recoveryStart = now
        window = max(window / 2, minimumWindow)
        slowStartThreshold = window
        avoidanceCredit = 0
    }

    /// Back to the initial state (a route that was dead and came back).
    mutating func reset() {
        window = Self.initialWindow(maxDatagram)
        slowStartThreshold = Int.max
        recoveryStart = nil
        avoidanceCredit = 0
    }
}

/// A token-bucket pacer: sends at `factor × cwnd / srtt` with bursts of a few packets.
struct Pacer {
    private var tokens: Double
    private var lastRefill: UInt64 = 0
    private let burst: Double

    init(maxDatagram: Int) {
        burst = Double(4 * maxDatagram)
        tokens = burst
    }

    /// The bytes per nanosecond for a window and smoothed RTT.
    static func rate(window: Int, smoothedRTT: UInt64, slowStart: Bool) -> Double {
        let factor = slowStart ? 2.0 : 1.25
        return factor * Double(window) / Double(max(smoothedRTT, 1_000))
    }

    private mutating func refill(now: UInt64, rate: Double) {
        if now > lastRefill {
            tokens = min(burst, tokens + Double(now - lastRefill) * rate)
        }
        lastRefill = max(lastRefill, now)
    }

    /// When a packet of `size` bytes may leave (`now` if at once).
    mutating func sendTime(size: Int, now: UInt64, rate: Double) -> UInt64 {
        refill(now: now, rate: rate)
        if tokens >= Double(size) { return now }
        return now + UInt64((Double(size) - tokens) / rate) + 1
    }

    /// Charges a packet that was sent.
    mutating func onSent(size: Int, now: UInt64, rate: Double) {
        refill(now: now, rate: rate)
        tokens -= Double(size)
    }
}
