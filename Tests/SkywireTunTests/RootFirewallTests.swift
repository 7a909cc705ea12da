import Glibc
import Testing
import SkywireIO
@testable import SkywireTun

/// GatewayNAT and HotspotPolicy against the real nftables and routing tables (root only).
/// Each test leaves `nft list tables`, `ip rule` and the forwarding sysctls as it found them.
@Suite(.serialized, .enabled(if: RootEnvironment.nftAvailable && RootEnvironment.ipAvailable, "needs root, nft and ip"))
struct RootFirewallTests {
    let tag = RootEnvironment.tag

    @Test func gatewayNATSetUpAndTearDown() throws {
        let tablesBefore = nftTables()
        let forwardingBefore = readSysctl(Sysctl.ipv4Forwarding)
        let table = "skywire_gw_t\(tag)"
        let nat = try GatewayNAT(configuration: .init(
            meshInterface: "swt\(tag)g", uplinkInterface: "swt\(tag)u",
            clientPrefixes: [try IPPrefix(parsing: "100.64.0.0/10")], tableName: table))
        try nat.setUp()
        try nat.setUp()  // idempotent: replaced, not duplicated
        #expect(nat.isActive)
        let listed = runCommand("/usr/sbin/nft", ["list", "table", "inet", table])
        #expect(listed.status == 0)
        #expect(listed.output.contains("masquerade"))
        #expect(listed.output.components(separatedBy: "masquerade").count == 2)
        #expect(nftTables().components(separatedBy: "table inet \(table)\n").count == 2)
        #expect(readSysctl(Sysctl.ipv4Forwarding) == "1")

        try nat.tearDown()
        try nat.tearDown()  // idempotent
        #expect(!nat.isActive)
        #expect(nftTables() == tablesBefore)
        #expect(readSysctl(Sysctl.ipv4Forwarding) == forwardingBefore)
    }

    @Test func nftErrorsAreTyped() throws {
        #expect(throws: NetworkSetupError.commandUnavailable(path: "/nonexistent/nft", errno: ENOENT)) {
            try GatewayNAT.removeTable(named: "skywire_x", nftPath: "/nonexistent/nft")
        }
        do {
            try Nftables.apply("table inet skywire_t\(tag) { chain c { bogus } }\n", nftPath: "/usr/sbin/nft")
            Issue.record("a bad ruleset was accepted")
        } catch {
            guard case .commandFailed(_, let status, let line) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(status == 1)
            #expect(line.hasPrefix("/dev/stdin:1:") || line.contains("Error"))
        }
        #expect(!nftTables().contains("skywire_t\(tag)"))
    }

    @Test func hotspotPolicySendsTheLANOnlyThroughTheMesh() throws {
        let octet = UInt8(tag % 250)
        let netlink = try RouteNetlink()
        let mesh = try TunDevice(name: "swt\(tag)m")
        try mesh.configure(mtu: 1400, addresses: [IPPrefix(.v4(IPv4Address(10, 216, octet, 1)), length: 24)!], using: netlink)
        let lan = try TunDevice(name: "swt\(tag)l")  // stands in for the access point
        try lan.configure(mtu: 1400, addresses: [IPPrefix(.v4(IPv4Address(10, 217, octet, 1)), length: 24)!], using: netlink)

        let tablesBefore = nftTables()
        let rulesBefore = ipCommand(["-4", "rule", "show"]).output
        let forwardingBefore = readSysctl(Sysctl.ipv4Forwarding)
        let routingTable = UInt32(20_000 + tag)
        let policy = try HotspotPolicy(configuration: .init(
            lanInterface: lan.name, lanPrefixes: [IPPrefix(.v4(IPv4Address(10, 217, octet, 1)), length: 24)!],
            meshInterface: mesh.name, routingTable: routingTable, rulePriority: UInt32(20_000 + tag),
            tableName: "skywire_hs_t\(tag)"), netlink: netlink)
        try policy.setUp()
        try policy.setUp()  // idempotent

        let rules = ipCommand(["-4", "rule", "show"]).output
        #expect(rules.components(separatedBy: "from 10.217.\(octet).0/24 lookup \(routingTable)").count == 2)
        let client = "10.217.\(octet).5"
        let viaMesh = ipCommand(["-4", "route", "get", "192.0.2.1", "from", client, "iif", lan.name])
        #expect(viaMesh.status == 0)
        #expect(viaMesh.output.contains("dev \(mesh.name)"))
        #expect(readSysctl(Sysctl.ipv4Forwarding) == "1")
        #expect(runCommand("/usr/sbin/nft", ["list", "table", "inet", "skywire_hs_t\(tag)"]).output
            .contains("iifname \"\(lan.name)\" oifname != \"\(mesh.name)\" drop"))

        // The mesh TUN goes away: the LAN's traffic meets the unreachable route, not the uplink.
        mesh.close()
        let withoutMesh = ipCommand(["-4", "route", "get", "192.0.2.1", "from", client, "iif", lan.name])
        #expect(withoutMesh.status != 0)  // "No route to host": the unreachable route
        #expect(!withoutMesh.output.contains("dev eth0"))

        try policy.tearDown()
        try policy.tearDown()  // idempotent
        #expect(ipCommand(["-4", "rule", "show"]).output == rulesBefore)
        #expect(ipCommand(["-4", "route", "show", "table", "\(routingTable)"]).output.isEmpty)
        #expect(nftTables() == tablesBefore)
        #expect(readSysctl(Sysctl.ipv4Forwarding) == forwardingBefore)
    }
}
