import Glibc
import Testing
import SkywireCrypto
import SkywireIO
@testable import SkywireTun

/// Tests that create TUN devices (root only). Serialized: they share the host's network stack.
@Suite(.serialized, .enabled(if: RootEnvironment.available, "needs root and /dev/net/tun"))
struct RootTunTests {
    /// Reads from `device` until `match` accepts a packet or `seconds` pass.
    static func awaitPacket(_ device: TunDevice, batch: TunPacketBatch, seconds: Double = 3,
                            match: ([UInt8]) -> Bool) throws -> [UInt8]? {
        for _ in 0..<Int(seconds * 20) {
            var descriptor = pollfd(fd: device.fileDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            try batch.read(from: device)
            for index in 0..<batch.count {
                let packet = Array(batch.packet(at: index))
                if match(packet) { return packet }
            }
        }
        return nil
    }

    @Test func namesAndErrors() throws {
        let device = try TunDevice(name: "swt\(RootEnvironment.tag)%d")
        #expect(device.name.hasPrefix("swt\(RootEnvironment.tag)"))
        #expect(device.interfaceIndex > 0)
        #expect(RouteNetlink.interfaceIndex(named: device.name) == device.interfaceIndex)
        // The device is attached to our descriptor: a second open of the same name is busy.
        #expect(throws: TunError.busy(name: device.name)) { try TunDevice(name: device.name) }
        #expect(throws: TunError.invalidName("bad/name")) { try TunDevice(name: "bad/name") }
        // Without a packet waiting, a read reports nil rather than blocking.
        var buffer = [UInt8](repeating: 0, count: 2048)
        #expect(try buffer.withUnsafeMutableBytes { try device.readPacket(into: $0) } == nil)
        device.close()
        #expect(RouteNetlink.interfaceIndex(named: device.name) == nil)
    }

    @Test func pingsOwnIPv4AndMeshAddress() throws {
        let device = try TunDevice(name: "swt\(RootEnvironment.tag)p")
        let netlink = try RouteNetlink()
        let own = IPv4Address(10, 213, UInt8(RootEnvironment.tag % 250), 1)
        let peer = IPv4Address(10, 213, UInt8(RootEnvironment.tag % 250), 2)
        let ownKey = PrivateKey.generate().publicKey
        let peerKey = PrivateKey.generate().publicKey
        try device.configure(mtu: 1400, addresses: [
            IPPrefix(.v4(own), length: 24)!, MeshAddress.interfacePrefix(for: ownKey),
        ], using: netlink)
        // Repeating the configuration is harmless (addresses are replaced, not duplicated).
        try device.configure(mtu: 1400, addresses: [IPPrefix(.v4(own), length: 24)!], using: netlink)
        let shown = ipCommand(["addr", "show", "dev", device.name]).output
        #expect(shown.contains("mtu 1400"))
        #expect(shown.contains(MeshAddress.text(for: ownKey) + "/48"))
        #expect(!shown.contains("tentative"))
        #expect(!shown.contains("fe80"))  // no kernel link-local: addrgenmode none
        #expect(ipCommand(["-d", "link", "show", "dev", device.name]).output.contains("addrgenmode none"))

        // A route through the TUN in the main table: added (twice: replaced), then deleted (twice).
        let routed = RouteEntry(destination: try IPPrefix(parsing: "10.99.\(RootEnvironment.tag % 250).0/24"),
                                target: .interface(device.interfaceIndex))
        try netlink.addRoute(routed)
        try netlink.addRoute(routed)
        let routes = ipCommand(["-4", "route", "show", "dev", device.name]).output
        #expect(routes.components(separatedBy: "10.99.\(RootEnvironment.tag % 250).0/24").count == 2)
        try netlink.deleteRoute(routed)
        try netlink.deleteRoute(routed)
        #expect(!ipCommand(["-4", "route", "show", "dev", device.name]).output.contains("10.99."))
        // Kernel refusals are typed, with the extended-ack text when the kernel gives one.
        #expect(throws: NetlinkError.self) { try netlink.setLink(index: 0x7FFF_FFF0, up: true) }

        let batch = TunPacketBatch(capacity: 16, slotSize: 2048)
        let payload = Array("skywire tun test".utf8)
        let request = PacketBuilder.ping4(from: peer, to: own, identifier: 0x5757, payload: payload)
        #expect(try request.withUnsafeBytes { try device.writePacket($0) })
        let reply = try Self.awaitPacket(device, batch: batch) { packet in
            guard let info = try? IPPacketHeader(parsing: packet), info.transportProtocol == 1 else { return false }
            return packet[info.transportOffset] == 0  // echo reply
        }
        let reply4 = try #require(reply)
        let info = try IPPacketHeader(parsing: reply4)
        #expect(info.source == .v4(own) && info.destination == .v4(peer))
        #expect(Array(reply4[(info.transportOffset + 8)...]) == payload)

        // IPv6 between mesh addresses: the /48 on the TUN routes the whole mesh into it.
        let ownMesh = MeshAddress.address(for: ownKey)
        let peerMesh = MeshAddress.address(for: peerKey)
        let request6 = PacketBuilder.ping6(from: peerMesh, to: ownMesh, identifier: 0x5758, payload: payload)
        #expect(try request6.withUnsafeBytes { try device.writePacket($0) })
        let reply6 = try #require(try Self.awaitPacket(device, batch: batch) { packet in
            guard let info = try? IPPacketHeader(parsing: packet), info.transportProtocol == 58 else { return false }
            return packet[info.transportOffset] == 129
        })
        let info6 = try IPPacketHeader(parsing: reply6)
        #expect(info6.source == .v6(ownMesh) && info6.destination == .v6(peerMesh))
        #expect(PacketBuilder.transportChecksumValid(reply6))
    }

    @Test func largeMTUWithoutOffloads() throws {
        let device = try TunDevice(name: "swt\(RootEnvironment.tag)j")
        let netlink = try RouteNetlink()
        let own = IPv4Address(10, 214, UInt8(RootEnvironment.tag % 250), 1)
        let peer = IPv4Address(10, 214, UInt8(RootEnvironment.tag % 250), 2)
        try device.configure(mtu: 65535, addresses: [IPPrefix(.v4(own), length: 24)!], using: netlink)
        let batch = TunPacketBatch(capacity: 4)
        let payload = [UInt8](repeating: 0xA5, count: 60_000)
        let request = PacketBuilder.ping4(from: peer, to: own, identifier: 0x5759, payload: payload)
        #expect(try request.withUnsafeBytes { try device.writePacket($0) })
        let reply = try #require(try Self.awaitPacket(device, batch: batch) { $0.count == request.count })
        #expect(Array(reply[28...]) == payload)
    }
}
