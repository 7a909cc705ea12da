import Testing
@testable import SkywireRadio

@Suite struct WifiFrameTests {
    static let alice = MACAddress(text: "02:aa:00:00:00:01")!
    static let bob = MACAddress(text: "06:bb:00:00:00:02")!

    /// radiotap (transmit header) + frame, as a receiver would capture it.
    static func packet(from: MACAddress = alice, to: MACAddress = .broadcast, id: UInt16 = 9, index: UInt8 = 0,
                       count: UInt8 = 1, payload: [UInt8] = [1, 2, 3, 4, 5], sequence: UInt16 = 0x123) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Radiotap.transmitHeaderLength + WifiFrame.overhead + payload.count)
        out.withUnsafeMutableBytes { b in
            let r = Radiotap.writeTransmitHeader(into: b, noAck: true)
            payload.withUnsafeBytes { p in
                _ = WifiFrame.encode(into: UnsafeMutableRawBufferPointer(rebasing: b[r...]), receiver: to, transmitter: from,
                                     sequenceNumber: sequence, fragment: FragmentHeader(datagramID: id, index: index, count: count), payload: p)
            }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> (FragmentHeader, MACAddress, MACAddress, UInt16, [UInt8]) {
        try bytes.withUnsafeBytes { b in
            let (_, f) = try WifiFrame.decodeCaptured(b)
            return (f.fragment, f.receiver, f.transmitter, f.sequenceNumber, Array(f.payload))
        }
    }

    @Test func roundTrip() throws {
        let p = Self.packet(to: Self.bob)
        #expect(p.count == 12 + 36 + 5)
        // The bytes of docs/protocol.md "Wifi frames".
        #expect(Array(p[12..<16]) == [0x08, 0x00, 0x00, 0x00])
        #expect(Array(p[28..<34]) == [0x02, 0x53, 0x4B, 0x59, 0x57, 0x01])
        #expect(Array(p[34..<36]) == [0x30, 0x12])  // sequence 0x123 << 4, little-endian
        #expect(Array(p[36..<48]) == [0xAA, 0xAA, 0x03, 0, 0, 0, 0x88, 0xB5, 0, 9, 0, 1])
        let (fragment, receiver, transmitter, sequence, payload) = try Self.decode(p)
        #expect(fragment == FragmentHeader(datagramID: 9, index: 0, count: 1))
        #expect(receiver == Self.bob && transmitter == Self.alice && sequence == 0x123)
        #expect(payload == [1, 2, 3, 4, 5])
    }

    @Test func everyTruncationIsATypedError() {
        let p = Self.packet()
        for cut in 0..<(12 + WifiFrame.overhead + 1) {
            #expect(throws: WifiFrameError.self, "cut at \(cut)") { try Self.decode(Array(p.prefix(cut))) }
        }
        // A frame cut inside its header, but with a radiotap header that is whole.
        #expect(throws: WifiFrameError.truncated(part: "802.11 header", needed: 24, available: 10)) {
            try Self.decode(Array(p.prefix(22)))
        }
        #expect(throws: WifiFrameError.truncated(part: "LLC/SNAP header", needed: 8, available: 3)) {
            try Self.decode(Array(p.prefix(39)))
        }
        #expect(throws: WifiFrameError.truncated(part: "fragment header", needed: 4, available: 2)) {
            try Self.decode(Array(p.prefix(46)))
        }
        #expect(throws: WifiFrameError.emptyFragment) { try Self.decode(Array(p.prefix(48))) }
    }

    @Test func foreignFramesAreRefused() {
        var beacon = Self.packet()
        beacon[12] = 0x80
        #expect(throws: WifiFrameError.notSkywireDataFrame(frameControl: 0x0080)) { try Self.decode(beacon) }
        var toDS = Self.packet()
        toDS[13] = 0x01
        #expect(throws: WifiFrameError.notSkywireDataFrame(frameControl: 0x0108)) { try Self.decode(toDS) }
        var protected = Self.packet()
        protected[13] = 0x40
        #expect(throws: WifiFrameError.self) { try Self.decode(protected) }
        var retry = Self.packet()
        retry[13] = 0x08  // the retry bit is fine
        #expect(throws: Never.self) { try Self.decode(retry) }
        var other = Self.packet()
        other[33] = 0x02
        #expect(throws: WifiFrameError.foreignBSSID(MACAddress(text: "02:53:4b:59:57:02")!)) { try Self.decode(other) }
        var ip = Self.packet()
        ip[42] = 0x08
        ip[43] = 0x00
        #expect(throws: WifiFrameError.foreignPayload) { try Self.decode(ip) }
        #expect(throws: WifiFrameError.badFragment(index: 2, count: 2)) { try Self.decode(Self.packet(index: 2, count: 2)) }
        #expect(throws: WifiFrameError.badFragment(index: 0, count: 0)) { try Self.decode(Self.packet(count: 0)) }
        #expect(throws: WifiFrameError.badFragment(index: 0, count: 17)) { try Self.decode(Self.packet(count: 17)) }
    }

    @Test func fcsIsStrippedAndBadFCSRefused() throws {
        var p = Self.packet()
        p[8] = Radiotap.flagFCSAtEnd
        p += [0xDE, 0xAD, 0xBE, 0xEF]
        #expect(try Self.decode(p).4 == [1, 2, 3, 4, 5])
        p[8] = Radiotap.flagFCSAtEnd | Radiotap.flagBadFCS
        #expect(throws: WifiFrameError.badFCS) { try Self.decode(p) }
    }

    @Test func fragmentCounts() {
        #expect(WifiFrame.defaultFragmentPayload == 1466)
        #expect(WifiFrame.fragmentCount(datagramLength: 1) == 1)
        #expect(WifiFrame.fragmentCount(datagramLength: 1466) == 1)
        #expect(WifiFrame.fragmentCount(datagramLength: 1467) == 2)
        #expect(WifiFrame.fragmentCount(datagramLength: 16 * 1466) == 16)
        #expect(WifiFrame.fragmentCount(datagramLength: 16 * 1466 + 1) == nil)
        #expect(WifiFrame.fragmentCount(datagramLength: 1000, fragmentPayload: 100) == 10)
        #expect(WifiFrame.fragmentCount(datagramLength: 0) == nil)
    }

    @Test func reassemblesOutOfOrderAndIgnoresDuplicates() {
        var r = WifiReassembler(slots: 2)
        let datagram = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let pieces = [datagram[0..<1488], datagram[1488..<2976], datagram[2976...]]
        var delivered: [[UInt8]] = []
        for (i, now) in [(2, 0), (0, 1), (0, 2), (1, 3)] {
            Array(pieces[i]).withUnsafeBytes { p in
                r.accept(transmitter: Self.alice, fragment: FragmentHeader(datagramID: 1, index: UInt8(i), count: 3),
                         payload: p, now: UInt64(now)) { delivered.append(Array($0)) }
            }
        }
        #expect(delivered == [datagram])
        #expect(r.duplicates == 1 && r.completed == 1)
    }

    @Test func reassemblyExpiresAndEvicts() {
        var r = WifiReassembler(slots: 1, timeoutNanoseconds: 100)
        var delivered = 0
        let one: [UInt8] = [1]
        one.withUnsafeBytes { p in
            r.accept(transmitter: Self.alice, fragment: FragmentHeader(datagramID: 1, index: 0, count: 2), payload: p, now: 0) { _ in delivered += 1 }
            // Another transmitter takes the only slot.
            r.accept(transmitter: Self.bob, fragment: FragmentHeader(datagramID: 1, index: 0, count: 2), payload: p, now: 10) { _ in delivered += 1 }
            // Alice's second half comes too late: her first half is gone.
            r.accept(transmitter: Self.alice, fragment: FragmentHeader(datagramID: 1, index: 1, count: 2), payload: p, now: 20) { _ in delivered += 1 }
            r.accept(transmitter: Self.bob, fragment: FragmentHeader(datagramID: 1, index: 1, count: 2), payload: p, now: 500) { _ in delivered += 1 }
        }
        #expect(delivered == 0)
        #expect(r.evicted == 2 && r.expired == 1)
    }

    @Test func macAddresses() {
        let m = MACAddress(text: "FE:01:02:03:04:05")!
        #expect(m.isLocallyAdministered && !m.isGroup && m.bytes == [0xFE, 1, 2, 3, 4, 5])
        #expect(MACAddress.broadcast.isGroup && MACAddress.broadcast.isBroadcast)
        #expect(MACAddress(bytes: [1, 2]) == nil)
        #expect(MACAddress(text: "02:53:4B:59:57:01") == WifiFrame.bssid)
        #expect(MACAddress(text: "02:53:4B:59:57") == nil)
        #expect(WifiFrame.bssid.description == "02:53:4b:59:57:01")
    }
}
