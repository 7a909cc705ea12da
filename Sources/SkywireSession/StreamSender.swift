/// The sending half of the session's reliable stream: a bounded send buffer, what the peer has
/// acknowledged, what must be sent again, and the peer's flow-control limit.
///
/// Offsets are absolute stream offsets. The end of the stream (after `finish`) is a marker
/// byte at `finOffset` that is sent, acknowledged and re-sent like data but never stored or
/// delivered; it makes the FIN reliable with the same range logic.
struct StreamSender {
    private(set) var buffer: ByteRing
    /// Everything below is acknowledged (and released from the buffer).
    private(set) var acknowledgedBelow: UInt64 = 0
    /// The offset after the last byte written by the application.
    private(set) var writeEnd: UInt64 = 0
    /// The first offset never sent.
    private(set) var nextNew: UInt64 = 0
    /// Acknowledged ranges above `acknowledgedBelow`.
    private var acknowledged = RangeSet(maximumRanges: Int.max / 2, reserve: 64)
    /// Ranges to send again (lost, or on a route that stopped answering).
    private var resend = RangeSet(maximumRanges: Int.max / 2, reserve: 64)
    /// The stream's end marker offset, once `finish` was called.
    private(set) var finOffset: UInt64?
    /// The peer's window: stream bytes at or above it may not be sent yet.
    var peerLimit: UInt64
    /// Stream payload bytes sent more than once.
    private(set) var bytesResent: UInt64 = 0

    init(capacity: Int, peerLimit: UInt64) {
        buffer = ByteRing(capacity: capacity)
        self.peerLimit = peerLimit
    }

    /// The end of everything that must eventually be acknowledged (the FIN marker included).
    var end: UInt64 { finOffset.map { $0 + 1 } ?? writeEnd }
    /// Free room in the send buffer.
    var freeSpace: Int { buffer.capacity - Int(writeEnd - min(acknowledgedBelow, writeEnd)) }
    /// Bytes held in the send buffer (written, not yet acknowledged).
    var buffered: Int { Int(writeEnd - min(acknowledgedBelow, writeEnd)) }
    /// Whether everything, FIN included, was acknowledged.
    var isFullyAcknowledged: Bool { finOffset != nil && acknowledgedBelow >= end }
    /// Bytes written and not yet sent once, plus bytes waiting to be sent again.
    var backlog: UInt64 {
        var total = end - nextNew
        for r in resend.ranges { total += r.upperBound - r.lowerBound }
        return total
    }
    var hasResend: Bool { !resend.isEmpty }

    /// Appends as much of `bytes` as the buffer takes; returns how many.
    mutating func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard finOffset == nil else { return 0 }
        let count = min(bytes.count, freeSpace)
        guard count > 0 else { return 0 }
        buffer.write(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), at: writeEnd)
        writeEnd += UInt64(count)
        return count
    }

    /// Ends the stream after what was written.
    mutating func finish() {
        if finOffset == nil { finOffset = writeEnd }
    }

    /// The next range to send again, at most `maximum` bytes, skipping acknowledged parts.
    mutating func nextResend(maximum: Int) -> Range<UInt64>? {
        while let head = resend.first {
            guard head.upperBound > acknowledgedBelow else {
                resend.remove(head)
                continue
            }
            let clipped = max(head.lowerBound, acknowledgedBelow)..<head.upperBound
            if clipped.isEmpty {
                resend.remove(head)
                continue
            }
            guard let gap = acknowledged.firstGap(in: clipped) else {
                resend.remove(head)
                continue
            }
            if gap.lowerBound > head.lowerBound { resend.remove(head.lowerBound..<gap.lowerBound) }
            return gap.lowerBound..<min(gap.upperBound, gap.lowerBound + UInt64(maximum))
        }
        return nil
    }

    /// The next never-sent range allowed by the peer's window, at most `maximum` bytes. The
    /// FIN marker is not limited by the window.
    func nextNewRange(maximum: Int) -> Range<UInt64>? {
        let dataLimit = min(writeEnd, max(peerLimit, nextNew))
        var upper = min(dataLimit, nextNew + UInt64(maximum))
        if let fin = finOffset, upper == fin, nextNew + UInt64(maximum) >= fin { upper = fin + 1 }
        guard upper > nextNew else { return nil }
        return nextNew..<upper
    }

    /// Whether new data waits only for the peer's window.
    var isFlowBlocked: Bool { nextNew < writeEnd && nextNew >= peerLimit }

    /// Records that `range` went out (new or again).
    mutating func onSent(_ range: Range<UInt64>) {
        if range.lowerBound < nextNew {
            resend.remove(range)
            bytesResent += range.upperBound - range.lowerBound
        }
        nextNew = max(nextNew, range.upperBound)
    }

    /// Copies the stored bytes of `range` (no FIN marker) into `out`.
    func copy(_ range: Range<UInt64>, into out: UnsafeMutableRawBufferPointer) {
        buffer.read(at: range.lowerBound, into: out)
    }

    /// The peer acknowledged a packet carrying `range`.
    mutating func onAcknowledged(_ range: Range<UInt64>) {
        guard !range.isEmpty, range.upperBound > acknowledgedBelow else { return }
        acknowledged.insert(max(range.lowerBound, acknowledgedBelow)..<range.upperBound, dropLowest: false)
        while let first = acknowledged.first, first.lowerBound <= acknowledgedBelow {
            acknowledgedBelow = max(acknowledgedBelow, first.upperBound)
            acknowledged.removeAll(below: acknowledgedBelow)
        }
        resend.removeAll(below: acknowledgedBelow)
        buffer.release(upTo: min(acknowledgedBelow, writeEnd))
    }

    /// A packet carrying `range` is lost or stuck on a failing route: send it again.
    mutating func onLost(_ range: Range<UInt64>) {
        guard range.upperBound > acknowledgedBelow else { return }
        let clipped = max(range.lowerBound, acknowledgedBelow)..<range.upperBound
        guard !clipped.isEmpty, !acknowledged.contains(clipped) else { return }
        resend.insert(clipped, dropLowest: false)
    }
}
