/// The receiver's record of packet numbers to acknowledge, and when to send the next ACK.
///
/// Policy (after RFC 9000 §13.2): acknowledge at once after `ackEveryPackets` ack-eliciting
/// packets, or when a packet arrives below the largest one seen *on the same route* (reordering
/// or loss there), otherwise within `maxAckDelay`. Packets that only carry ACKs are recorded
/// but never cause an ACK.
///
/// Packet numbers are one space across all routes, so the received set has a hole for every
/// packet still travelling on a slower route: it needs many ranges. The set keeps up to
/// `storedRanges` (the lowest go first); an ACK frame carries at most `frameRanges`, chosen as
/// the top range, then the ranges holding the `recentCount` latest ack-eliciting arrivals, then the highest
/// others. So every arrival is reported by the next several ACKs however far below the top it
/// lies, and an ACK stays small. (A range left out of a frame says nothing: the sender infers
/// loss only from its own per-route thresholds.)
struct AckTracker {
    static let storedRanges = 256
    static let frameRanges = 16
    static let recentCount = 8

    private(set) var received = RangeSet(maximumRanges: AckTracker.storedRanges)
    private(set) var largest: UInt64?
    private(set) var largestReceivedAt: UInt64 = 0
    /// The latest arrivals (a ring of `recentCount`).
    private var recent: [UInt64]
    private var recentNext = 0
    private var recentFilled = 0
    /// The ranges of the next frame, highest first (filled by `selectRanges`).
    private(set) var selection: [Range<UInt64>]
    private var unackedElicitingCount = 0
    /// When an ACK must go out at the latest; nil when none is owed.
    private(set) var deadline: UInt64?
    /// Whether an ack-eliciting packet arrived since the last ACK sent (an ACK has news).
    private(set) var hasNews = false
    /// Whether one of those carried stream data or datagrams (not only a PING).
    private(set) var acksData = false

    let maxAckDelay: UInt64
    let ackEveryPackets: Int

    init(maxAckDelay: UInt64, ackEveryPackets: Int) {
        self.maxAckDelay = maxAckDelay
        self.ackEveryPackets = max(1, ackEveryPackets)
        recent = [UInt64](repeating: 0, count: Self.recentCount)
        selection = []
        selection.reserveCapacity(Self.frameRanges)
    }

    /// Records an authentic packet; `reordered` says it arrived below the largest number seen
    /// on its route. Returns false if it lies below everything the set can still hold (it is
    /// then not acknowledged, and its sender will send its content again).
    @discardableResult
    mutating func onPacket(number: UInt64, ackEliciting: Bool, carriesData: Bool, reordered: Bool, now: UInt64) -> Bool {
        guard received.insert(number..<(number + 1), dropLowest: true) else { return false }
        if largest.map({ number > $0 }) ?? true {
            largest = number
            largestReceivedAt = now
        }
        guard ackEliciting else { return true }  // recorded (fewer ranges), never reported for itself
        recent[recentNext] = number
        recentNext = (recentNext + 1) % Self.recentCount
        recentFilled = min(recentFilled + 1, Self.recentCount)
        hasNews = true
        if carriesData { acksData = true }
        unackedElicitingCount += 1
        if reordered || unackedElicitingCount >= ackEveryPackets {
            deadline = now
        } else {
            deadline = min(deadline ?? UInt64.max, now + maxAckDelay)
        }
        return true
    }

    /// Fills `selection` with the ranges of the next ACK frame, highest first.
    mutating func selectRanges() {
        selection.removeAll(keepingCapacity: true)
        let ranges = received.ranges
        guard let top = ranges.last else { return }
        add(top)
        for k in 0..<recentFilled {
            if let range = received.range(containing: recent[k]) { add(range) }
        }
        var index = ranges.count - 2
        while selection.count < Self.frameRanges && index >= 0 {
            add(ranges[index])
            index -= 1
        }
    }

    /// Inserts `range` into `selection` (descending, no duplicates, at most `frameRanges`).
    private mutating func add(_ range: Range<UInt64>) {
        guard selection.count < Self.frameRanges else { return }
        var i = 0
        while i < selection.count && selection[i].lowerBound > range.lowerBound { i += 1 }
        if i < selection.count && selection[i] == range { return }
        selection.insert(range, at: i)
    }

    /// Asks for an ACK at once (a window update).
    mutating func requestImmediate(now: UInt64) {
        guard largest != nil else { return }
        deadline = now
    }

    /// Whether an ACK is due at `now`.
    func isDue(now: UInt64) -> Bool { deadline.map { $0 <= now } ?? false }

    /// The ack delay to report, in microseconds.
    func ackDelayMicros(now: UInt64) -> UInt32 {
        UInt32(clamping: (now >= largestReceivedAt ? now - largestReceivedAt : 0) / 1_000)
    }

    /// Called when a packet carrying an ACK frame went out.
    mutating func onAckSent() {
        unackedElicitingCount = 0
        deadline = nil
        hasNews = false
        acksData = false
    }
}
