import Testing
import SkywireIO
@testable import SkywireTun

@Suite struct IPPacketTests {
    @Test func parsesIPv4() throws {
        let packet = PacketBuilder.ping4(from: IPv4Address(10, 0, 0, 2), to: IPv4Address(10, 0, 0, 1),
                                         identifier: 7, payload: [1, 2, 3, 4])
        let header = try IPPacketHeader(parsing: packet)
        #expect(header.version == .v4)
        #expect(header.source == .v4(IPv4Address(10, 0, 0, 2)))
        #expect(header.destination == .v4(IPv4Address(10, 0, 0, 1)))
        #expect(header.transportProtocol == 1)
        #expect(header.totalLength == packet.count)
        #expect(header.transportOffset == 20)
        #expect(header.headerChecksumValid)
        var corrupted = packet
        corrupted[8] ^= 1  // TTL
        #expect(try IPPacketHeader(parsing: corrupted).headerChecksumValid == false)
    }

    @Test func parsesIPv6WithExtensionHeaders() throws {
        let source = try IPv6Address(parsing: "fd6d:52e5:bcc9::1")
        let destination = try IPv6Address(parsing: "fd6d:52e5:bcc9::2")
        // Hop-by-hop (8 bytes) then a fragment header (8 bytes) then TCP (20 bytes).
        let extensions: [UInt8] = [44, 0, 1, 4, 0, 0, 0, 0] + [6, 0, 0, 0, 0, 0, 0, 1]
        let body = extensions + [UInt8](repeating: 0, count: 20)
        let packet = PacketBuilder.ipv6Header(source: source, destination: destination, nextHeader: 0,
                                              payloadLength: body.count) + body
        let header = try IPPacketHeader(parsing: packet)
        #expect(header.version == .v6)
        #expect(header.source == .v6(source))
        #expect(header.destination == .v6(destination))
        #expect(header.transportProtocol == 6)
        #expect(header.transportOffset == 56)
        #expect(header.totalLength == packet.count)
    }

    @Test func rejectsBadHeaders() {
        let good = PacketBuilder.ping4(from: IPv4Address(1, 2, 3, 4), to: IPv4Address(5, 6, 7, 8), identifier: 1, payload: [])
        #expect(throws: IPPacketError.truncated(0)) { try IPPacketHeader(parsing: [UInt8]()) }
        #expect(throws: IPPacketError.truncated(19)) { try IPPacketHeader(parsing: Array(good[0..<19])) }
        var badVersion = good; badVersion[0] = 0x55
        #expect(throws: IPPacketError.unknownVersion(5)) { try IPPacketHeader(parsing: badVersion) }
        var shortIHL = good; shortIHL[0] = 0x44
        #expect(throws: IPPacketError.invalidHeaderLength(16)) { try IPPacketHeader(parsing: shortIHL) }
        var longTotal = good; longTotal[3] = UInt8(good.count + 1)
        #expect(throws: IPPacketError.invalidTotalLength(declared: good.count + 1, received: good.count)) {
            try IPPacketHeader(parsing: longTotal)
        }
        // A padded packet is fine: the length field wins.
        #expect((try? IPPacketHeader(parsing: good + [0, 0, 0]))?.totalLength == good.count)
        let jumbo = PacketBuilder.ipv6Header(source: .loopback, destination: .loopback, nextHeader: 0, payloadLength: 0)
        #expect(throws: IPPacketError.invalidTotalLength(declared: 40, received: 40)) { try IPPacketHeader(parsing: jumbo) }
    }

    @Test func parserIsTotalOnRandomBytes() {
        var random = TestRandom(state: 42)
        var parsed = 0
        for round in 0..<200_000 {
            var bytes = random.bytes(Int(random.next() % 96))
            // Bias half the inputs towards plausible headers so the deeper checks run.
            if round % 2 == 0, !bytes.isEmpty {
                bytes[0] = round % 4 == 0 ? 0x45 : 0x60
                if bytes.count > 6, round % 4 != 0 { bytes[6] = [0, 43, 44, 60, 6][Int(random.next() % 5)] }
            }
            if (try? IPPacketHeader(parsing: bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }

    @Test func checksumMatchesRFC1071Example() {
        // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2 (folded), checksum 220d.
        let bytes: [UInt8] = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]
        var checksum = InternetChecksum()
        bytes.withUnsafeBytes { checksum.add($0) }
        #expect(checksum.folded == 0xddf2)
        #expect(checksum.value == 0x220d)
        // Odd length: a trailing byte is padded with zero.
        #expect([UInt8(0x01)].withUnsafeBytes { InternetChecksum.of($0) } == ~UInt16(0x0100))
    }

    @Test func prefixesParseAndContain() throws {
        let prefix = try IPPrefix(parsing: "10.42.0.7/24")
        #expect(prefix.network.description == "10.42.0.0/24")
        #expect(prefix.contains(try IPHostAddress(parsing: "10.42.0.200")))
        #expect(!prefix.contains(try IPHostAddress(parsing: "10.42.1.1")))
        #expect(try IPPrefix(parsing: "fd6d:52e5:bcc9::1/48").network.description == "fd6d:52e5:bcc9::/48")
        #expect(try IPPrefix(parsing: "fd00::1").length == 128)
        for bad in ["10.0.0.1/33", "10.0.0.1/", "/24", "10.0.0.1/+4", "fd00::/129", "x/1"] {
            #expect(throws: AddressParseError.self) { try IPPrefix(parsing: bad) }
        }
    }

    @Test func interfaceNames() {
        #expect(InterfaceName.isValid("sw%d"))
        #expect(InterfaceName.isValid("wlan0"))
        #expect(!InterfaceName.isValid(""))
        #expect(!InterfaceName.isValid("a234567890123456"))
        #expect(!InterfaceName.isValid("a/b"))
        #expect(!InterfaceName.isValid("a b"))
        #expect(InterfaceName.isSafeForRuleset("eth0.100"))
        #expect(!InterfaceName.isSafeForRuleset("sw%d"))
        #expect(!InterfaceName.isSafeForRuleset("e\"th"))
        #expect(!InterfaceName.isSafeForRuleset("é"))
    }
}
