import Glibc
import Testing
import SkywireIO
@testable import SkywireTun

@Suite struct NetlinkMessageTests {
    func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    func le16(_ value: UInt16) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    @Test func setLinkBytes() {
        let bytes = RouteNetlinkMessages.setLink(index: 5, up: true, mtu: 1400, sequence: 9)
        let expected: [UInt8] = le32(40) + le16(16) + le16(0x5) + le32(9) + le32(0)
            + [0, 0] + le16(0) + le32(5) + le32(1) + le32(1)
            + le16(8) + le16(4) + le32(1400)
        #expect(bytes == expected)
        // Only the MTU: ifi_change 0 leaves the flags alone.
        let mtuOnly = RouteNetlinkMessages.setLink(index: 5, up: nil, mtu: 9000, sequence: 1)
        #expect(Array(mtuOnly[24..<32]) == le32(0) + le32(0))
    }

    @Test func addressGenerationModeBytes() {
        let bytes = RouteNetlinkMessages.disableAddressGeneration(index: 7, sequence: 3)
        #expect(bytes.count == 48)
        #expect(Array(bytes[20..<24]) == le32(7))
        // IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE: u8 1 (padded) } }
        #expect(Array(bytes[32..<48]) == le16(16) + le16(26) + le16(12) + le16(10) + le16(5) + le16(8) + [1, 0, 0, 0])
    }

    @Test func addressBytes() throws {
        let prefix = try IPPrefix(parsing: "fd6d:52e5:bcc9::1/48")
        let bytes = RouteNetlinkMessages.address(prefix, index: 3, add: true, sequence: 2)
        #expect(bytes.count == 16 + 8 + 20 + 20 + 8)
        #expect(Array(bytes[4..<8]) == le16(20) + le16(0x405 | 0x100))  // NEWADDR, REQUEST|ACK|CREATE|REPLACE
        #expect(Array(bytes[16..<24]) == [10, 48, 0x82, 0] + le32(3))     // AF_INET6, /48, NODAD|PERMANENT
        #expect(Array(bytes[24..<28]) == le16(20) + le16(2))             // IFA_LOCAL
        #expect(Array(bytes[28..<44]) == prefix.address.bytes)
        #expect(Array(bytes[64..<72]) == le16(8) + le16(8) + le32(0x82)) // IFA_FLAGS
    }

    @Test func routeAndRuleBytes() throws {
        let route = RouteEntry(destination: try IPPrefix(parsing: "0.0.0.0/0"), target: .unreachable,
                               table: 21335, metric: 0xFFFF_FFFF)
        let bytes = RouteNetlinkMessages.route(route, add: true, sequence: 4)
        // rtmsg: AF_INET, dst_len 0, src 0, tos 0, table 0 (>255: in RTA_TABLE), static, universe, unreachable.
        #expect(Array(bytes[16..<28]) == [2, 0, 0, 0, 0, 4, 0, 7] + le32(0))
        #expect(Array(bytes[28..<44]) == le16(8) + le16(6) + le32(0xFFFF_FFFF) + le16(8) + le16(15) + le32(21335))
        let delete = RouteNetlinkMessages.route(route, add: false, sequence: 5)
        #expect(Array(delete[16..<24]) == [2, 0, 0, 0, 0, 0, 255, 7])  // scope NOWHERE matches any scope

        let rule = RoutingRule(source: try IPPrefix(parsing: "10.42.0.9/24"), table: 100, priority: 10500)
        let ruleBytes = RouteNetlinkMessages.rule(rule, add: true, sequence: 6)
        #expect(Array(ruleBytes[4..<6]) == le16(32))
        #expect(Array(ruleBytes[16..<28]) == [2, 0, 24, 0, 100, 0, 0, 1] + le32(0))
        #expect(Array(ruleBytes[28..<36]) == le16(8) + le16(2) + [10, 42, 0, 0])  // FRA_SRC is the network
    }

    func errorMessage(sequence: UInt32, code: Int32, text: String?) -> [UInt8] {
        var payload = withUnsafeBytes(of: code) { Array($0) } + le32(16) + le16(20) + le16(5) + le32(sequence) + le32(0)
        var flags: UInt16 = 0x100  // capped
        if let text {
            flags |= 0x200
            let value = Array(text.utf8) + [0]
            payload += le16(UInt16(4 + value.count)) + le16(1) + value
            while payload.count % 4 != 0 { payload.append(0) }
        }
        return le32(UInt32(16 + payload.count)) + le16(2) + le16(flags) + le32(sequence) + le32(0) + payload
    }

    @Test func acknowledgements() throws {
        func ack(_ bytes: [UInt8], _ sequence: UInt32) throws -> NetlinkAcknowledgement? {
            try bytes.withUnsafeBytes { try NetlinkReply.acknowledgement(in: $0, sequence: sequence) }
        }
        #expect(try ack(errorMessage(sequence: 7, code: 0, text: nil), 7) == .success)
        #expect(try ack(errorMessage(sequence: 7, code: 0, text: nil), 8) == nil)
        #expect(try ack(errorMessage(sequence: 7, code: -EEXIST, text: "File exists"), 7)
                == .failure(errno: EEXIST, message: "File exists"))
        // A stray message first, then the answer.
        let stray = errorMessage(sequence: 1, code: -EPERM, text: nil)
        #expect(try ack(stray + errorMessage(sequence: 2, code: -ENODEV, text: nil), 2) == .failure(errno: ENODEV, message: nil))
        var bad = errorMessage(sequence: 7, code: 0, text: nil)
        bad[0] = 200
        #expect(throws: NetlinkError.self) { try ack(bad, 7) }
    }

    @Test func replyParserIsTotal() {
        var random = TestRandom(state: 5)
        for round in 0..<100_000 {
            var bytes = random.bytes(Int(random.next() % 80))
            if round % 2 == 0, bytes.count >= 8 {
                let length = UInt32(random.next() % UInt64(bytes.count + 8))
                bytes.replaceSubrange(0..<4, with: le32(length))
                bytes.replaceSubrange(4..<6, with: le16(2))
            }
            _ = bytes.withUnsafeBytes { try? NetlinkReply.acknowledgement(in: $0, sequence: 0) }
        }
    }

    @Test func rulesets() throws {
        let nat = try GatewayNAT(configuration: .init(
            meshInterface: "sw0", uplinkInterface: "eth0",
            clientPrefixes: [try IPPrefix(parsing: "100.64.0.0/10"), try IPPrefix(parsing: "fd6d:52e5:bcc9::/48")]))
        #expect(nat.ruleset.hasPrefix("table inet skywire_gw {}\ndelete table inet skywire_gw\n"))
        #expect(nat.ruleset.contains("ip saddr 100.64.0.0/10 oifname \"eth0\" masquerade"))
        #expect(nat.ruleset.contains("ip6 saddr fd6d:52e5:bcc9::/48 oifname \"eth0\" masquerade"))
        #expect(nat.ruleset.contains("iifname \"eth0\" oifname \"sw0\" ct state established,related accept"))
        #expect(throws: NetworkSetupError.invalidInterfaceName("eth0\"; flush ruleset")) {
            try GatewayNAT(configuration: .init(meshInterface: "sw0", uplinkInterface: "eth0\"; flush ruleset",
                                                clientPrefixes: [try IPPrefix(parsing: "100.64.0.0/10")]))
        }
        #expect(throws: NetworkSetupError.invalidTableName("1bad")) {
            try GatewayNAT(configuration: .init(meshInterface: "sw0", uplinkInterface: "eth0",
                                                clientPrefixes: [try IPPrefix(parsing: "100.64.0.0/10")], tableName: "1bad"))
        }
        let netlink = try RouteNetlink()
        let hotspot = try HotspotPolicy(configuration: .init(
            lanInterface: "wlan0", lanPrefixes: [try IPPrefix(parsing: "10.42.0.1/24")], meshInterface: "sw0"),
            netlink: netlink)
        #expect(hotspot.ruleset.contains("iifname \"wlan0\" oifname != \"sw0\" drop"))
        #expect(hotspot.ruleset.contains("ip saddr 10.42.0.0/24 oifname \"sw0\" masquerade"))
        #expect(hotspot.rules == [RoutingRule(source: try IPPrefix(parsing: "10.42.0.0/24"), table: 0x5357, priority: 10_500)])
        #expect(hotspot.routes(meshIndex: 9).map(\.target) == [.interface(9), .unreachable])
    }
}
