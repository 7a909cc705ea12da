import Glibc
import Testing
import SkywireIO
@testable import SkywireTun

/// A TUN with IFF_VNET_HDR and TSO: the kernel's own TCP sends super-packets into it, which
/// TunPacketBatch must turn into valid packets no larger than the MTU.
@Suite(.serialized, .enabled(if: RootEnvironment.available, "needs root and /dev/net/tun"))
struct RootOffloadTests {
    @Test func kernelTCPSuperPacketsAreSegmented() throws {
        let device = try TunDevice(name: "swt\(RootEnvironment.tag)o", offloads: true)
        #expect(device.hasVirtioHeader)
        let netlink = try RouteNetlink()
        let octet = UInt8(RootEnvironment.tag % 250)
        let own = IPv4Address(10, 215, octet, 1)
        let peer = IPv4Address(10, 215, octet, 2)
        let mtu = 1280
        try device.configure(mtu: mtu, addresses: [IPPrefix(.v4(own), length: 24)!], using: netlink)
        // Few slots, so a super-packet spans several reads (the pending path).
        let batch = TunPacketBatch(capacity: 4, slotSize: mtu)

        // The kernel is the TCP client; this test answers its SYN by hand.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(5555).bigEndian
        address.sin_addr.s_addr = peer.value.bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let syn = try #require(try RootTunTests.awaitPacket(device, batch: batch) { packet in
            guard let info = try? IPPacketHeader(parsing: packet), info.transportProtocol == 6 else { return false }
            return packet[info.transportOffset + 13] & 0x02 != 0
        })
        // With TUN_F_CSUM the SYN's checksum arrived partial; the batch completed it.
        #expect(PacketBuilder.transportChecksumValid(syn))
        let clientPort = syn.u16(at: 20)
        let clientSequence = syn.u32(at: 24)
        let ip = PacketBuilder.ipv4Header(source: peer, destination: own, proto: 6, payloadLength: 24)
        let mss: [UInt8] = [2, 4, 0x04, 0xD8]  // 1240
        let synAck = ip + PacketBuilder.tcp(header: ip, sourcePort: 5555, destinationPort: clientPort, sequence: 1000,
                                            acknowledgement: clientSequence &+ 1, flags: 0x12, options: mss)
        #expect(try synAck.withUnsafeBytes { try device.writePacket($0) })

        var random = TestRandom(state: 11)
        let data = random.bytes(60_000)
        var sentCount = 0
        for _ in 0..<100 where sentCount == 0 {
            sentCount = max(0, data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) })
            if sentCount == 0 { usleep(10_000) }
        }
        #expect(sentCount > 20_000)

        // Collect the data segments of the first flight (initial window: about 10 segments).
        var received: [UInt32: [UInt8]] = [:]
        for _ in 0..<40 {
            var descriptor = pollfd(fd: device.fileDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            try batch.read(from: device)
            for index in 0..<batch.count {
                let packet = Array(batch.packet(at: index))
                #expect(packet.count <= mtu)
                guard let info = try? IPPacketHeader(parsing: packet), info.transportProtocol == 6 else { continue }
                #expect(info.headerChecksumValid)
                #expect(PacketBuilder.transportChecksumValid(packet))
                let dataOffset = info.transportOffset + Int(packet[info.transportOffset + 12] >> 4) * 4
                if dataOffset < packet.count { received[packet.u32(at: info.transportOffset + 4)] = Array(packet[dataOffset...]) }
            }
            if received.count >= 8 && !batch.hasPending { break }
        }
        #expect(batch.superPacketsSegmented > 0)
        #expect(batch.malformedDropped == 0)
        // Contiguous from the first byte, and equal to what was sent.
        var next = clientSequence &+ 1
        var stream: [UInt8] = []
        while let chunk = received[next] {
            #expect(chunk.count <= 1240)
            stream += chunk
            next = next &+ UInt32(chunk.count)
        }
        #expect(stream.count >= 8 * 1000)
        #expect(stream == Array(data.prefix(stream.count)))
    }
}
