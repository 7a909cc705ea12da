import Testing
@testable import SkywireIO

@Suite struct SocketAddressTests {
    @Test(arguments: [
        "1.2.3.4:5", "0.0.0.0:0", "255.255.255.255:65535", "127.0.0.1:8080",
        "[::1]:5", "[::]:0", "[2001:db8::1]:443", "[fe80::1%1]:5", "[::ffff:1.2.3.4]:9",
    ])
    func roundTrips(text: String) throws {
        let address = try SocketAddress(parsing: text)
        let printed = address.description
        #expect(try SocketAddress(parsing: printed) == address)
        if !text.contains("%") { #expect(printed == text) }
    }

    @Test func parsesParts() throws {
        #expect(try SocketAddress(parsing: "1.2.3.4:5") == .v4(IPv4Address(1, 2, 3, 4), port: 5))
        #expect(try SocketAddress(parsing: "[::1]:7") == .v6(.loopback, port: 7, scopeID: 0))
        let scoped = try SocketAddress(parsing: "[fe80::1%lo]:5")
        let loopbackIndex = if_nametoindex("lo")
        #expect(scoped == .v6(IPv6Address(high: 0xFE80 << 48, low: 1), port: 5, scopeID: loopbackIndex))
        #expect(scoped.description == "[fe80::1%lo]:5")
        #expect(try SocketAddress(parsing: "[fe80::1%\(loopbackIndex)]:5") == scoped)
    }

    @Test func printsCanonically() throws {
        #expect(try SocketAddress(parsing: "[2001:0db8:0000:0000:0000:0000:0000:0001]:1").description == "[2001:db8::1]:1")
        #expect(SocketAddress(IPv6Address(high: 0xFE80 << 48, low: 1), port: 9, scopeID: 999_999).description
            == "[fe80::1%999999]:9")
        #expect(SocketAddress(IPv4Address(10, 0, 0, 1), port: 80).withPort(81).description == "10.0.0.1:81")
    }

    @Test(arguments: [
        "", ":", "1.2.3.4", "1.2.3.4:", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:+5", "1.2.3.4: 5",
        "1.2.3.4:5 ", "1.2.3:5", "1.2.3.4.5:5", "01.2.3.4:5", "256.1.1.1:5", "a.b.c.d:5",
        "localhost:80", "::1:5", "[::1]", "[::1]5", "[::1:5", "::1]:5", "[1.2.3.4]:5",
        "[::1%]:5", "[fe80::1%nosuchif0]:5", "[fe80::1%0]:5", "[::1]:99999", "[::1]:0x10",
        "1.2.3.4\u{0}:5", "[::1\u{0}]:5", "[fe80::1%lo\u{0}x]:5", "[gggg::1]:5",
        "[::1%verylonginterfacename0]:5", "1.2.3.4:000005",
    ])
    func rejectsBadInput(text: String) {
        #expect(throws: AddressParseError.self) { try SocketAddress(parsing: text) }
    }

    @Test func errorsAreDescriptive() {
        #expect(throws: AddressParseError.invalidPort("70000")) { try SocketAddress(parsing: "1.2.3.4:70000") }
        #expect(throws: AddressParseError.invalidHost("1.2.3")) { try SocketAddress(parsing: "1.2.3:4") }
        #expect(throws: AddressParseError.malformed("::1:5")) { try SocketAddress(parsing: "::1:5") }
        #expect(throws: AddressParseError.unknownInterface("nosuchif0")) {
            try SocketAddress(parsing: "[fe80::1%nosuchif0]:5")
        }
        #expect(AddressParseError.invalidPort("x").description == "invalid port \"x\" (expected 0...65535)")
    }

    @Test func addressProperties() throws {
        #expect(try IPv6Address(parsing: "fe80::1").isLinkLocal)
        #expect(try IPv6Address(parsing: "febf::1").isLinkLocal)
        #expect(try !IPv6Address(parsing: "fec0::1").isLinkLocal)
        #expect(try IPv6Address(parsing: "ff02::1") == .allNodesLinkLocal)
        #expect(IPv6Address.allNodesLinkLocal.isMulticast)
        #expect(try IPv6Address(parsing: "::ffff:1.2.3.4").ipv4Mapped == IPv4Address(1, 2, 3, 4))
        #expect(IPv6Address(ipv4Mapped: IPv4Address(1, 2, 3, 4)).description == "::ffff:1.2.3.4")
        #expect(IPv4Address.loopback.isLoopback && IPv4Address(224, 0, 0, 251).isMulticast)
        #expect(IPv4Address(169, 254, 1, 1).isLinkLocal)
    }

    @Test func sockaddrRoundTrip() throws {
        for text in ["1.2.3.4:5", "[2001:db8::7]:65535", "[fe80::1%1]:9"] {
            let address = try SocketAddress(parsing: text)
            let decoded = address.withSockAddr { pointer, length in
                SocketAddress(sockaddr: UnsafeRawPointer(pointer), length: Int(length))
            }
            #expect(decoded == address)
        }
        // IPv4-mapped addresses from dual-stack sockets fold to .v4.
        let mapped = SocketAddress.v6(IPv6Address(ipv4Mapped: IPv4Address(1, 2, 3, 4)), port: 5, scopeID: 0)
        let folded = mapped.withSockAddr { SocketAddress(sockaddr: UnsafeRawPointer($0), length: Int($1)) }
        #expect(folded == .v4(IPv4Address(1, 2, 3, 4), port: 5))
        // Too short or unknown family: nil, not a trap.
        let short = mapped.withSockAddr { pointer, _ in SocketAddress(sockaddr: UnsafeRawPointer(pointer), length: 8) }
        #expect(short == nil)
    }
}

import Glibc
