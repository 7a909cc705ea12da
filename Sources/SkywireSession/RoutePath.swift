/// What the sender remembers of one packet until it is acknowledged or declared lost.
struct SentPacket {
    /// The packet number: the transport counter it was sealed with.
    var number: UInt64
    /// Position among the packets sent on the same route (for the packet-threshold rule).
    var routeSequence: UInt64
    var sentAt: UInt64
    /// Bytes on the wire (the whole session datagram).
    var size: Int
    var ackEliciting: Bool
    /// Whether it counts towards bytes in flight (ack-eliciting packets do).
    var inFlight: Bool
    /// The stream range it carried (`count` includes the FIN marker byte); empty if none.
    var streamRange: Range<UInt64>
    var outstanding = true
}

/// Whether a route carries traffic.
enum RouteState: Equatable {
    /// Used for data and acknowledgements.
    case live
    /// Stopped answering; only probed now and then.
    case dead
}

/// One route of a session: its estimators, congestion controller, pacer, packets in flight and
/// counters. A value type kept in the session's route array.
struct RoutePath {
    let id: RouteID
    /// True when the route was learnt from the peer's packets rather than added by the owner.
    let learned: Bool
    var state: RouteState = .live
    var rtt: RTTEstimator
    var congestion: NewReno
    var pacer: Pacer
    /// Packets not yet acknowledged or lost, in sending order (acknowledged ones in the middle
    /// are marked and removed once they reach the front).
    var sent: SentPacketQueue
    var nextSequence: UInt64 = 0
    var largestAckedSequence: UInt64?
    var bytesInFlight = 0
    var outstandingAckEliciting = 0
    /// Probe timeouts in a row without an acknowledgement.
    var probeTimeouts = 0
    /// When an acknowledgement last covered a packet sent on this route.
    var lastAckAt: UInt64
    /// When the last ack-eliciting packet went out on this route.
    var lastAckElicitingSentAt: UInt64
    /// The earliest time-threshold loss deadline, if a packet is waiting for it.
    var lossTime: UInt64?
    /// Probes to send now, bypassing the congestion window (PTO, new route, idle, dead).
    var probesPending = 0
    /// When a dead route is probed next.
    var nextDeadProbeAt: UInt64 = 0
    /// The largest packet number received on this route (for spotting reordering on it).
    var largestReceived: UInt64?
    /// Scratch while an ACK frame is applied: the newest packet of this route it covered.
    var newestAcked: SentPacket?

    // Counters.
    var packetsSent: UInt64 = 0
    var packetsLost: UInt64 = 0
    var bytesSent: UInt64 = 0
    var bytesAcked: UInt64 = 0
    var streamBytesSent: UInt64 = 0

    init(id: RouteID, learned: Bool, now: UInt64, config: SessionConfig) {
        self.id = id
        self.learned = learned
        rtt = RTTEstimator(initial: config.initialRTT)
        congestion = NewReno(maxDatagram: config.maxPacketSize)
        pacer = Pacer(maxDatagram: config.maxPacketSize)
        sent = SentPacketQueue(capacity: 64)
        lastAckAt = now
        lastAckElicitingSentAt = now
    }

    var isLive: Bool { state == .live }
    /// Whether a probe timed out since the last acknowledgement (the route is suspect).
    var isSuspect: Bool { probeTimeouts > 0 }

    /// Free congestion window in bytes.
    var windowSpace: Int { max(0, congestion.window - bytesInFlight) }

    /// The pacing rate in bytes per nanosecond.
    var pacingRate: Double {
        Pacer.rate(window: congestion.window, smoothedRTT: rtt.smoothed, slowStart: congestion.inSlowStart)
    }

    /// Index in `sent` of the first packet numbered `number` or more (binary search).
    func firstSentIndex(atLeast number: UInt64) -> Int {
        var low = 0
        var high = sent.count
        while low < high {
            let mid = (low + high) / 2
            if sent[mid].number < number { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Drops acknowledged and lost packets from the front of `sent`.
    mutating func trimSent() {
        while let head = sent.first, !head.outstanding { sent.removeFirst() }
    }

    /// The send time of the oldest outstanding ack-eliciting packet.
    var oldestAckElicitingSentAt: UInt64? {
        for i in 0..<sent.count where sent[i].outstanding && sent[i].ackEliciting { return sent[i].sentAt }
        return nil
    }

    /// Forgets a packet as in flight (acknowledged or lost).
    mutating func removeFromFlight(_ packet: SentPacket) {
        if packet.inFlight { bytesInFlight -= packet.size }
        if packet.ackEliciting { outstandingAckEliciting -= 1 }
    }
}
