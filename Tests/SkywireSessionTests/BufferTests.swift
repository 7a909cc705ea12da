import Testing
@testable import SkywireSession

@Suite struct BufferTests {
    @Test func rangeSetMergesSplitsAndBounds() {
        var set = RangeSet(maximumRanges: 3)
        set.insert(10..<20, dropLowest: false)
        set.insert(30..<40, dropLowest: false)
        set.insert(20..<30, dropLowest: false)  // touches both: one range
        #expect(set.ranges == [10..<40])
        set.insert(50..<60, dropLowest: false)
        set.insert(70..<80, dropLowest: false)
        let refusedWhenFull = set.insert(90..<95, dropLowest: false)
        #expect(!refusedWhenFull)
        let droppedLowest = set.insert(90..<95, dropLowest: true)
        #expect(droppedLowest)
        #expect(set.ranges == [50..<60, 70..<80, 90..<95])
        let belowEverything = set.insert(0..<5, dropLowest: true)
        #expect(!belowEverything)  // it would be the lowest itself: refused
        set.remove(52..<55)
        #expect(set.ranges == [50..<52, 55..<60, 70..<80, 90..<95])
        #expect(set.firstGap(in: 50..<60) == 52..<55)
        #expect(set.firstGap(in: 55..<60) == nil)
        set.removeAll(below: 56)
        #expect(set.ranges == [56..<60, 70..<80, 90..<95])
        #expect(set.contains(75) && !set.contains(60))
        #expect(set.range(containing: 92) == 90..<95)
    }

    @Test func streamReceiverReordersWithinItsWindow() {
        var receiver = StreamReceiver(capacity: 100)
        let bytes: [UInt8] = Array(0..<100)
        func give(_ range: Range<Int>, fin: Bool = false, at now: UInt64) -> StreamReceiver.Outcome {
            bytes.withUnsafeBytes { receiver.receive(offset: UInt64(range.lowerBound), data: UnsafeRawBufferPointer(rebasing: $0[range]), fin: fin, now: now) }
        }
        #expect(give(50..<60, at: 1) == .accepted)
        #expect(receiver.readable == 0)
        #expect(give(0..<50, at: 5) == .accepted)
        #expect(receiver.readable == 60)
        var out = [UInt8](repeating: 0, count: 100)
        let got = out.withUnsafeMutableBytes { receiver.read(into: $0) }
        #expect(got == 60)
        #expect(Array(out[0..<60]) == Array(bytes[0..<60]))
        #expect(receiver.limit == 160)
        #expect(give(60..<70, fin: true, at: 9) == .accepted)
        let finished = receiver.takeFinishedReport()
        #expect(finished)
        #expect(give(65..<80, at: 10) == .violation)  // past the end
        var small = StreamReceiver(capacity: 10)
        let beyond = bytes.withUnsafeBytes { small.receive(offset: 5, data: UnsafeRawBufferPointer(rebasing: $0[0..<6]), fin: false, now: 0) }
        #expect(beyond == .violation)
        #expect(receiver.longestGap == 4)
    }

    @Test func streamSenderTracksAcksLossAndWindow() {
        var sender = StreamSender(capacity: 100, peerLimit: 50)
        let data = [UInt8](repeating: 7, count: 120)
        let taken = data.withUnsafeBytes { sender.write($0) }
        #expect(taken == 100)
        #expect(sender.nextNewRange(maximum: 30) == 0..<30)
        // (the first write took 100 of 120 bytes: the buffer is full)
        sender.onSent(0..<30)
        #expect(sender.nextNewRange(maximum: 30) == 30..<50)  // the peer's window
        sender.onSent(30..<50)
        #expect(sender.isFlowBlocked)
        sender.onAcknowledged(30..<50)
        #expect(sender.acknowledgedBelow == 0)
        sender.onLost(0..<30)
        sender.onLost(30..<50)  // already acknowledged: nothing to resend
        #expect(sender.nextResend(maximum: 100) == 0..<30)
        sender.onSent(0..<30)
        #expect(!sender.hasResend)
        sender.onAcknowledged(0..<30)
        #expect(sender.acknowledgedBelow == 50 && sender.freeSpace == 50)
        sender.peerLimit = 1000
        sender.finish()
        #expect(sender.nextNewRange(maximum: 100) == 50..<101)  // the end marker included
        sender.onSent(50..<101)
        sender.onAcknowledged(50..<101)
        #expect(sender.isFullyAcknowledged)
    }

    @Test func datagramQueueIsBounded() {
        var queue = DatagramQueue(capacity: 20)
        func push(_ value: UInt8, _ count: Int) -> Bool {
            [UInt8](repeating: value, count: count).withUnsafeBytes { queue.push($0) }
        }
        #expect(push(1, 8))
        #expect(push(2, 8))
        #expect(!push(3, 1))
        var out = [UInt8](repeating: 0, count: 8)
        func pop() -> Int { out.withUnsafeMutableBytes { queue.popFirst(into: $0) } }
        #expect(pop() == 8 && out == [UInt8](repeating: 1, count: 8))
        #expect(push(4, 8))  // wraps around
        #expect(pop() == 8 && out == [UInt8](repeating: 2, count: 8))
        #expect(pop() == 8 && out == [UInt8](repeating: 4, count: 8))
        #expect(queue.isEmpty)
    }
}
