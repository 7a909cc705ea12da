/// The receiving half of the reliable stream: a bounded reorder buffer, in-order delivery to
/// the application, the advertised window, and the longest gap between deliveries.
///
/// The buffer holds stream offsets `readOffset ..< readOffset + capacity`; that upper bound is
/// the window advertised in every ACK. Bytes received above the in-order point wait in it.
struct StreamReceiver {
    private var buffer: ByteRing
    /// Bytes below this were read by the application.
    private(set) var readOffset: UInt64 = 0
    /// Bytes below this arrived in order (readable).
    private(set) var deliveredEnd: UInt64 = 0
    /// Ranges received above `deliveredEnd`.
    private var pending: RangeSet
    /// The peer's end of stream, once known.
    private(set) var finOffset: UInt64?
    private(set) var finReported = false
    /// The window last advertised (for deciding when an update is worth a packet).
    var advertisedLimit: UInt64
    /// When in-order bytes last advanced, and the longest wait between two advances.
    private(set) var lastDeliveryAt: UInt64?
    private(set) var longestGap: UInt64 = 0
    /// The greatest number of bytes ever held (delivered but unread, plus out of order).
    private(set) var peakBuffered: UInt64 = 0
    private var lastDeliveredEnd: UInt64 = 0

    init(capacity: Int) {
        buffer = ByteRing(capacity: capacity)
        pending = RangeSet(maximumRanges: max(16, capacity / 256))
        advertisedLimit = UInt64(capacity)
    }

    var capacity: Int { buffer.capacity }
    /// The offset up to which the peer may send.
    var limit: UInt64 { readOffset + UInt64(buffer.capacity) }
    /// Bytes readable now.
    var readable: Int { Int(deliveredEnd - readOffset) }
    /// Whether the stream ended and everything was read.
    var isFinished: Bool { finOffset.map { readOffset >= $0 } ?? false }

    /// What happened to a stream frame.
    enum Outcome: Equatable {
        /// Stored (or already had); acknowledge the packet.
        case accepted
        /// Beyond the advertised window or past the end: a protocol violation.
        case violation
        /// The reorder bookkeeping is full: do not acknowledge; the peer sends it again.
        case deferred
    }

    /// Stores a frame's bytes (`fin` marks the end right after them).
    mutating func receive(offset: UInt64, data: UnsafeRawBufferPointer, fin: Bool, now: UInt64) -> Outcome {
        let end = offset + UInt64(data.count)
        if let known = finOffset, end > known || (fin && end != known) { return .violation }
        if fin, deliveredEnd > end || (pending.last?.upperBound ?? 0) > end { return .violation }
        guard end <= limit else { return .violation }
        if fin { finOffset = end }
        guard end > deliveredEnd else { return .accepted }
        let start = max(offset, deliveredEnd)
        let bytes = UnsafeRawBufferPointer(rebasing: data[Int(start - offset)...])
        if start > deliveredEnd {
            guard pending.insert(start..<end, dropLowest: false) else { return .deferred }
            buffer.write(bytes, at: start)
        } else {
            buffer.write(bytes, at: start)
            deliveredEnd = end
        }
        advance(now: now)
        return .accepted
    }

    /// Moves the in-order point over pending ranges that now touch it; updates the gap stats.
    private mutating func advance(now: UInt64) {
        while let first = pending.first, first.lowerBound <= deliveredEnd {
            deliveredEnd = max(deliveredEnd, first.upperBound)
            pending.removeAll(below: deliveredEnd)
        }
        let held = (pending.last?.upperBound ?? deliveredEnd) - readOffset
        peakBuffered = max(peakBuffered, held)
        if deliveredEnd > lastDeliveredEnd {
            lastDeliveredEnd = deliveredEnd
            if let last = lastDeliveryAt { longestGap = max(longestGap, now - last) }
            lastDeliveryAt = now
        }
    }

    /// Whether the end of stream was delivered and not reported yet; reports it.
    mutating func takeFinishedReport() -> Bool {
        guard !finReported, let fin = finOffset, deliveredEnd >= fin else { return false }
        finReported = true
        return true
    }

    /// Copies up to `out.count` in-order bytes into `out`; returns how many.
    mutating func read(into out: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(out.count, readable)
        guard count > 0 else { return 0 }
        buffer.read(at: readOffset, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<count]))
        readOffset += UInt64(count)
        buffer.release(upTo: readOffset)
        return count
    }
}
