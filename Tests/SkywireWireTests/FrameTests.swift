import Testing
@testable import SkywireWire

@Suite struct FrameTests {
    @Test func bundleOfFramesRoundTrips() throws {
        var buffer = [UInt8](repeating: 0xAA, count: 200)
        let count = try buffer.withUnsafeMutableBytes { raw in
            var fw = FrameWriter(raw)
            try fw.append(.keepalive) { _ in }
            try fw.append(.probe) { (w) throws(WireError) in try ProbeFrame(id: 7, sentAt: 99).encode(into: &w) }
            try fw.append(.receiveReport) { (w) throws(WireError) in
                try ReceiveReportFrame(packets: 1, bytes: 2, highestCounter: 3).encode(into: &w)
            }
            try fw.append(typeByte: 0x91) { (w) throws(WireError) in try w.u32(5) }  // unknown optional
            try fw.writer.u8(FrameType.padding.rawValue)
            return fw.count
        }
        #expect(count == 3 + (3 + 12) + (3 + 24) + (3 + 4) + 1)
        try buffer.withUnsafeBytes { raw in
            var fr = FrameReader(raw)
            let a = try #require(try fr.next())
            #expect(a.type == .keepalive && a.body.isEmpty)
            let b = try #require(try fr.next())
            #expect(b.type == .probe)
            #expect(try ProbeFrame.decode(b.body) == ProbeFrame(id: 7, sentAt: 99))
            let c = try #require(try fr.next())
            #expect(try ReceiveReportFrame.decode(c.body) == ReceiveReportFrame(packets: 1, bytes: 2, highestCounter: 3))
            let d = try #require(try fr.next())
            #expect(d.type == nil && d.typeByte == 0x91 && d.body.count == 4)
            #expect(try fr.next() == nil)  // padding ends the list; 0xAA bytes after it ignored
        }
    }

    @Test func unknownCriticalFrameRejected() throws {
        let bytes: [UInt8] = [0x7E, 0, 0]
        try bytes.withUnsafeBytes { raw in
            var fr = FrameReader(raw)
            #expect(throws: WireError.unknownCriticalFrame(0x7E)) { try fr.next() }
        }
    }

    @Test func overrunRejected() throws {
        let bytes: [UInt8] = [FrameType.keepalive.rawValue, 0, 5, 1, 2]
        try bytes.withUnsafeBytes { raw in
            var fr = FrameReader(raw)
            #expect(throws: WireError.frameOverrun(type: 1, declared: 5, remaining: 2)) { try fr.next() }
        }
    }

    @Test func fixedSizeBodiesRejectOtherSizes() throws {
        let bytes = [UInt8](repeating: 0, count: 40)
        try bytes.withUnsafeBytes { raw in
            for n in 0..<40 where n != ProbeFrame.size {
                #expect(throws: WireError.self) { try ProbeFrame.decode(UnsafeRawBufferPointer(rebasing: raw[0..<n])) }
            }
            for n in 0..<40 where n != ProbeEchoFrame.size {
                #expect(throws: WireError.self) { try ProbeEchoFrame.decode(UnsafeRawBufferPointer(rebasing: raw[0..<n])) }
            }
            for n in 0..<40 where n != ReceiveReportFrame.size {
                #expect(throws: WireError.self) { try ReceiveReportFrame.decode(UnsafeRawBufferPointer(rebasing: raw[0..<n])) }
            }
        }
    }

    @Test func randomPlaintextsNeverTrap() {
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0..<64)).map { _ in UInt8.random(in: 0...255) }
            bytes.withUnsafeBytes { raw in
                var fr = FrameReader(raw)
                while let f = try? fr.next() { _ = f.type }
            }
        }
    }
}
