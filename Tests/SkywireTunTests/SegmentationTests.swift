import Testing
import SkywireIO
@testable import SkywireTun

@Suite struct SegmentationTests {
    /// A GSO super-packet as the kernel would hand it over: full headers, partial checksum.
    static func superPacket(ipv6: Bool, payload: [UInt8], sequence: UInt32, flags: UInt8) -> [UInt8] {
        let options: [UInt8] = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]  // NOP NOP timestamps
        let tcpLength = 20 + options.count
        let ip: [UInt8] = ipv6
            ? PacketBuilder.ipv6Header(source: try! IPv6Address(parsing: "fd6d:52e5:bcc9::a"),
                                       destination: try! IPv6Address(parsing: "fd6d:52e5:bcc9::b"),
                                       nextHeader: 6, payloadLength: tcpLength + payload.count)
            : PacketBuilder.ipv4Header(source: IPv4Address(10, 1, 0, 1), destination: IPv4Address(10, 1, 0, 2),
                                       proto: 6, payloadLength: tcpLength + payload.count, id: 0xFFFE)
        var tcp = PacketBuilder.tcp(header: ip, sourcePort: 40000, destinationPort: 80, sequence: sequence,
                                    acknowledgement: 77, flags: flags, options: options, payload: payload)
        tcp[16] = 0x12; tcp[17] = 0x34  // the partial checksum is never trusted
        return ip + tcp
    }

    static func header(ipv6: Bool, gsoSize: UInt16, ipLength: Int) -> VirtioNetHeader {
        VirtioNetHeader(needsChecksum: true, dataValid: false, gsoTypeByte: ipv6 ? 4 : 1, headerLength: 0,
                        gsoSize: gsoSize, checksumStart: UInt16(ipLength), checksumOffset: 16)
    }

    @Test(arguments: [false, true])
    func segmentsLikeTheKernel(ipv6: Bool) throws {
        var random = TestRandom(state: ipv6 ? 6 : 4)
        let payload = random.bytes(10_050)
        let base: UInt32 = 0xFFFF_F000  // the sequence number wraps inside the packet
        let flags: UInt8 = 0x80 | 0x10 | 0x08 | 0x01  // CWR ACK PSH FIN
        let packet = Self.superPacket(ipv6: ipv6, payload: payload, sequence: base, flags: flags)
        let ipLength = ipv6 ? 40 : 20
        let plan = try packet.withUnsafeBytes { raw in
            try TCPSegmentation(header: Self.header(ipv6: ipv6, gsoSize: 1000, ipLength: ipLength), packet: raw)
        }
        #expect(plan.segmentCount == 11)
        #expect(plan.headerLength == ipLength + 32)
        var joined: [UInt8] = []
        var out = [UInt8](repeating: 0, count: 1500)
        for index in 0..<plan.segmentCount {
            let length = try packet.withUnsafeBytes { raw in
                try out.withUnsafeMutableBytes { try plan.writeSegment(index, of: raw, into: $0) }
            }
            let segment = Array(out[0..<length])
            let info = try IPPacketHeader(parsing: segment)
            #expect(info.totalLength == length)
            #expect(info.headerChecksumValid)
            #expect(PacketBuilder.transportChecksumValid(segment))
            let tcp = info.transportOffset
            #expect(segment.u32(at: tcp + 4) == base &+ UInt32(index * 1000))
            let last = index == plan.segmentCount - 1
            #expect(segment[tcp + 13] == (index == 0 ? 0x90 : 0x10) | (last ? 0x09 : 0))
            if !ipv6 { #expect(segment.u16(at: 4) == 0xFFFE &+ UInt16(index)) }
            #expect(length == plan.headerLength + (last ? 50 : 1000))
            joined += segment[plan.headerLength...]
        }
        #expect(joined == payload)
    }

    @Test func refusesWhatItCannotSegment() {
        let packet = Self.superPacket(ipv6: false, payload: [1, 2, 3], sequence: 1, flags: 0x10)
        func plan(_ header: VirtioNetHeader, _ bytes: [UInt8] = packet) throws(OffloadError) -> TCPSegmentation {
            let result: Result<TCPSegmentation, OffloadError> = bytes.withUnsafeBytes { raw in
                Result { () throws(OffloadError) in try TCPSegmentation(header: header, packet: raw) }
            }
            return try result.get()
        }
        var udp = Self.header(ipv6: false, gsoSize: 100, ipLength: 20); udp.gsoTypeByte = 5
        #expect(throws: OffloadError.unsupportedSegmentation(5)) { try plan(udp) }
        var zero = Self.header(ipv6: false, gsoSize: 100, ipLength: 20); zero.gsoSize = 0
        #expect(throws: OffloadError.malformedPacket("GSO size 0")) { try plan(zero) }
        let wrongFamily = Self.header(ipv6: true, gsoSize: 100, ipLength: 40)
        #expect(throws: OffloadError.self) { try plan(wrongFamily) }
        #expect(throws: OffloadError.self) { try plan(Self.header(ipv6: false, gsoSize: 100, ipLength: 20), Array(packet[0..<30])) }
        // A segment that does not fit the output buffer.
        let big = Self.superPacket(ipv6: false, payload: [UInt8](repeating: 9, count: 3000), sequence: 1, flags: 0x10)
        let header = Self.header(ipv6: false, gsoSize: 1400, ipLength: 20)
        var small = [UInt8](repeating: 0, count: 1000)
        #expect(throws: OffloadError.segmentTooLarge(needed: 1452, capacity: 1000)) {
            let p = try plan(header, big)
            _ = try big.withUnsafeBytes { raw in
                try small.withUnsafeMutableBytes { out in try p.writeSegment(0, of: raw, into: out) }
            }
        }
    }

    @Test func completesPartialChecksums() throws {
        // A UDP packet whose checksum field holds only the folded pseudo-header sum.
        let payload: [UInt8] = Array("hello mesh".utf8)
        let ip = PacketBuilder.ipv4Header(source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2),
                                          proto: 17, payloadLength: 8 + payload.count)
        var udp: [UInt8] = [0x13, 0x88, 0x00, 0x35, 0, UInt8(8 + payload.count), 0, 0] + payload
        var pseudo = InternetChecksum()
        ip.withUnsafeBytes { h in
            pseudo.addPseudoHeader(source: UnsafeRawBufferPointer(rebasing: h[12..<16]),
                                   destination: UnsafeRawBufferPointer(rebasing: h[16..<20]), proto: 17, length: udp.count)
        }
        udp[6] = UInt8(pseudo.folded >> 8); udp[7] = UInt8(pseudo.folded & 0xFF)
        var packet = ip + udp
        #expect(!PacketBuilder.transportChecksumValid(packet))
        try packet.withUnsafeMutableBytes { raw in
            try ChecksumCompletion.complete(raw, start: 20, offset: 6)
        }
        #expect(PacketBuilder.transportChecksumValid(packet))
        #expect(throws: OffloadError.invalidChecksumPosition(start: 20, offset: 100, length: packet.count)) {
            try packet.withUnsafeMutableBytes { raw in
                try ChecksumCompletion.complete(raw, start: 20, offset: 100)
            }
        }
    }

    @Test func virtioHeaderRoundTrips() {
        let header = VirtioNetHeader(needsChecksum: true, dataValid: true, gsoTypeByte: 0x84, headerLength: 66,
                                     gsoSize: 1240, checksumStart: 40, checksumOffset: 16)
        var bytes = [UInt8](repeating: 0, count: 10)
        bytes.withUnsafeMutableBytes { header.encode(into: $0) }
        #expect(bytes.withUnsafeBytes { VirtioNetHeader(decoding: $0) } == header)
        #expect(header.segmentationType == .tcpv6)
        #expect([UInt8](repeating: 0, count: 9).withUnsafeBytes { VirtioNetHeader(decoding: $0) } == nil)
    }

    @Test func segmenterIsTotalOnRandomInput() {
        var random = TestRandom(state: 99)
        var out = [UInt8](repeating: 0, count: 2048)
        for round in 0..<50_000 {
            var packet = random.bytes(Int(random.next() % 200))
            if packet.count > 40, round % 2 == 0 { packet[0] = round % 4 == 0 ? 0x45 : 0x60; packet[9] = 6; packet[6] = 6 }
            let header = VirtioNetHeader(
                needsChecksum: random.next() % 2 == 0, dataValid: false,
                gsoTypeByte: [1, 4, 3, 5, 0x81, 0x7F][Int(random.next() % 6)], headerLength: 0,
                gsoSize: UInt16(truncatingIfNeeded: random.next() % 64), checksumStart: UInt16(random.next() % 64),
                checksumOffset: UInt16(random.next() % 32))
            packet.withUnsafeBytes { raw in
                guard let plan = try? TCPSegmentation(header: header, packet: raw) else { return }
                for index in 0..<min(plan.segmentCount, 8) {
                    _ = out.withUnsafeMutableBytes { try? plan.writeSegment(index, of: raw, into: $0) }
                }
            }
            packet.withUnsafeMutableBytes { raw in
                _ = try? ChecksumCompletion.complete(raw, start: Int(header.checksumStart), offset: Int(header.checksumOffset))
            }
        }
    }
}
