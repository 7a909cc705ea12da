import SkywireWire
import Testing
@testable import SkywireSession

@Suite struct FrameCodecTests {
    private func frames(_ bytes: [UInt8]) throws(WireError) -> [String] {
        try withReader(bytes) { r throws(WireError) in
            var reader = SessionFrameReader(r.rest())
            var out: [String] = []
            while let frame = try reader.next() {
                switch frame {
                case .ping: out.append("ping")
                case .ack(let ack):
                    var ranges: [String] = []
                    ack.forEachRange { ranges.append("\($0.lowerBound)-\($0.upperBound - 1)") }
                    out.append("ack \(ack.largest) delay \(ack.ackDelayMicros) max \(ack.maxStreamOffset) \(ranges.joined(separator: ","))")
                case .stream(let s): out.append("stream \(s.offset) fin \(s.fin) \(Array(s.data))")
                case .datagram(let d): out.append("datagram \(Array(d))")
                case .close(let code): out.append("close \(code)")
                case .unknownOptional(let t): out.append("skip \(t)")
                }
            }
            return out
        }
    }

    @Test func ackRangesRoundTrip() throws {
        var received = RangeSet(maximumRanges: 64)
        for r: Range<UInt64> in [0..<5, 7..<8, 10..<20, 100..<101, 1_000..<1_010] { received.insert(r, dropLowest: false) }
        let bytes = try ByteWriter.encode(capacity: 512) { (w: inout ByteWriter) throws(WireError) in
            try AckFrame.encode(ranges: received.ranges.reversed(), ackDelayMicros: 250, maxStreamOffset: 65_536, into: &w)
        }
        #expect(try frames(bytes) == ["ack 1009 delay 250 max 65536 1000-1009,100-100,10-19,7-7,0-4"])
    }

    @Test func ackSelectionReportsRecentArrivalsFarBelowTheTop() throws {
        var tracker = AckTracker(maxAckDelay: 10_000_000, ackEveryPackets: 2)
        // Every even number up to 200 (100 ranges), then a late odd arrival far below the top.
        for n in stride(from: UInt64(0), through: 200, by: 2) {
            tracker.onPacket(number: n, ackEliciting: true, carriesData: true, reordered: false, now: n)
        }
        tracker.onPacket(number: 31, ackEliciting: true, carriesData: true, reordered: true, now: 300)
        tracker.selectRanges()
        #expect(tracker.selection.count == AckTracker.frameRanges)
        #expect(tracker.selection.first == 200..<201)
        #expect(tracker.selection.contains(30..<33))
        #expect(zip(tracker.selection, tracker.selection.dropFirst()).allSatisfy { $0.lowerBound > $1.upperBound })
        #expect(tracker.isDue(now: 300))
    }

    @Test func everyFrameKindDecodes() throws {
        let bytes = try ByteWriter.encode(capacity: 256) { (w: inout ByteWriter) throws(WireError) in
            try SessionFrameWriter.ping(into: &w)
            let at = try StreamFrame.encodeHeader(offset: 42, length: 3, fin: true, into: &w)
            w.buffer[at] = 1; w.buffer[at + 1] = 2; w.buffer[at + 2] = 3
            try w.u8(0x04); try w.u16(2); try w.u8(9); try w.u8(8)  // a datagram
            try w.u8(0x90); try w.u16(2); try w.u16(0)  // an optional frame of the future
            try SessionFrameWriter.close(code: 7, into: &w)
            try w.u8(0); try w.u8(0xFF)  // padding ends the list; what follows is ignored
        }
        #expect(try frames(bytes) == ["ping", "stream 42 fin true [1, 2, 3]", "datagram [9, 8]", "skip 144", "close 7"])
    }

    @Test func invalidFramesAreTypedErrors() {
        #expect(throws: WireError.unknownCriticalFrame(0x42)) { try frames([0x42, 0, 0]) }
        #expect(throws: WireError.frameOverrun(type: 1, declared: 5, remaining: 0)) { try frames([0x01, 0, 5]) }
        #expect(throws: WireError.invalidField("ping body")) { try frames([0x01, 0, 1, 0]) }
        #expect(throws: WireError.invalidField("close body")) { try frames([0x05, 0, 1, 0]) }
        #expect(throws: WireError.invalidField("stream flags")) { try frames([0x03, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 2]) }
        // ACK whose first range reaches below 0, and one whose gap does.
        var ack: [UInt8] = [0x02, 0, 24] + [0, 0, 0, 0, 0, 0, 0, 3] + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [0, 0, 0, 4]
        #expect(throws: WireError.invalidField("ack first range")) { try frames(ack) }
        ack = [0x02, 0, 32] + [0, 0, 0, 0, 0, 0, 0, 3] + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [0, 0, 0, 1] + [0, 0, 0, 1, 0, 0, 0, 0]
        #expect(throws: WireError.invalidField("ack gap")) { try frames(ack) }
        // A stream frame past 2^62.
        let far: [UInt8] = [0x03, 0, 10] + [0x40, 0, 0, 0, 0, 0, 0, 0] + [0, 1]
        #expect(throws: WireError.invalidField("stream offset")) { try frames(far) }
    }

    /// Random bytes never trap the decoder.
    @Test func randomBytesNeverTrap() {
        var random = SeededRandom(seed: 99)
        var decoded = 0
        for _ in 0..<20_000 {
            let length = Int(random.next() % 64)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if length > 0 { bytes[0] = UInt8(random.next() % 7) }
            if (try? frames(bytes)) != nil { decoded += 1 }
        }
        #expect(decoded > 0)
    }
}
