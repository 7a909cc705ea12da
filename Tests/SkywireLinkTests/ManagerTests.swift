import SkywireCrypto
import SkywireLink
import SkywireWire
import Testing

@Suite struct ManagerTests {
    static let wall: UInt64 = 1_750_000_000 * second

    static func manager(_ key: PrivateKey = .generate(), config: LinkConfig = .default, now: UInt64 = second) -> LinkManager {
        LinkManager(identity: key, config: config, now: now, wallClockAtNow: wall + now)
    }

    static func feed(_ manager: LinkManager, _ bytes: [UInt8], from path: PathAddress = lanPeer) {
        var copy = bytes
        copy.withUnsafeMutableBytes { manager.receive($0, from: path, now: 2 * second) }
    }

    static let lanPeer = PathAddress(interface: 1, endpoint: .ipv4(address: 0x0A00_0002, port: 7000))

    @Test func tinyAndEmptyDatagramsAreCountedNotTrapped() {
        let m = Self.manager()
        for bytes: [UInt8] in [[], [0x00], [0x05], [0xFF], [0x01], [0x02], [0x03], [0x04], [0x04, 0, 0, 0]] {
            Self.feed(m, bytes)
        }
        let drops = m.counters.drops
        #expect(drops[.malformed] == 6)  // [], 0x00, 0x05, 0xFF, initiation, response
        #expect(drops[.badBeacon] == 1)
        #expect(drops[.badTransportHeader] == 2)
        #expect(drops.total == 9)
        #expect(m.counters.datagramsIn == 9)
        #expect(m.nextDeadline == nil)
        #expect(m.snapshot(now: 3 * second).isEmpty)
    }

    @Test func ownBeaconIsIgnoredAndSequencesGrowAcrossRestarts() throws {
        let key = PrivateKey.generate()
        let m = Self.manager(key)
        let beacon1 = m.makeBeacon(linkPort: 7000, endpoints: [], capabilities: [])
        let beacon2 = m.makeBeacon(linkPort: 7000, endpoints: [], capabilities: [])
        let s1 = try Beacon.decodeVerified(beacon1).sequence, s2 = try Beacon.decodeVerified(beacon2).sequence
        #expect(s2 == s1 + 1)
        #expect(s1 == (Self.wall + 1 * second) / 1_000)
        Self.feed(m, beacon1)
        #expect(m.counters.drops[.ownMessage] == 1)
        #expect(m.counters.initiationsSent == 0)

        // The restarted process (same key, later) beacons with a larger sequence.
        let restarted = Self.manager(key, now: 10 * second)
        let s3 = try Beacon.decodeVerified(restarted.makeBeacon(linkPort: 7000, endpoints: [], capabilities: [])).sequence
        #expect(s3 > s2)
        // Nine endpoints are cut to the eight a beacon holds.
        let many = (0..<9).map { WireEndpoint.ipv4(address: UInt32($0), port: 1) }
        #expect(try Beacon.decodeVerified(m.makeBeacon(linkPort: 1, endpoints: many, capabilities: [])).endpoints.count == 8)
    }

    @Test func beaconsStartOneHandshakeAndStaleOnesAreDropped() throws {
        let peer = Self.manager()
        let m = Self.manager()
        let beacon = peer.makeBeacon(linkPort: 7100, endpoints: [], capabilities: [.relay])
        Self.feed(m, beacon)
        #expect(m.counters.beaconsAccepted == 1)
        #expect(m.counters.initiationsSent == 1)
        var sentTo: [PathAddress] = []
        m.drainOutgoing { bytes, path in
            #expect(bytes.first == MessageType.handshakeInitiation.rawValue)
            sentTo.append(path)
        }
        // To the beacon's source address, at the beacon's link port, on its interface.
        #expect(sentTo == [PathAddress(interface: 1, endpoint: .ipv4(address: 0x0A00_0002, port: 7100))])
        Self.feed(m, beacon)  // a replay
        #expect(m.counters.drops[.staleBeacon] == 1)
        let newer = peer.makeBeacon(linkPort: 7100, endpoints: [], capabilities: [])
        Self.feed(m, newer)  // newer, but a handshake is already in flight
        #expect(m.counters.beaconsAccepted == 2)
        #expect(m.counters.initiationsSent == 1)
        let snapshot = try #require(m.snapshot(now: 2 * second).first)
        #expect(snapshot.key == peer.localKey && !snapshot.isUp)
        #expect(snapshot.links.map(\.state) == [.handshaking])
        var tampered = peer.makeBeacon(linkPort: 7100, endpoints: [], capabilities: [])
        tampered[tampered.count - 1] ^= 1
        Self.feed(m, tampered)
        #expect(m.counters.drops[.badBeacon] == 1)
    }

    @Test func sendRefusesWithoutALinkOrWhenTooLarge() {
        let m = Self.manager()
        let frame: [UInt8] = [0xA0, 0, 0]
        #expect(!frame.withUnsafeBytes { m.send(frames: $0, to: PrivateKey.generate().publicKey, now: 2 * second) })
        #expect(m.counters.sendFailures == 1)
        #expect(m.maxPayloadSize == 1420)
        var count = 0
        m.drainOutgoing { _, _ in count += 1 }
        #expect(count == 0)
    }

    @Test func pathAddressText() {
        let v4 = PathAddress(interface: 2, endpoint: .ipv4(address: 0xC0A8_0105, port: 7000))
        #expect(v4.description == "if2 192.168.1.5:7000")
        let v6 = PathAddress(interface: 0, endpoint: .ipv6(high: 0xFE80_0000_0000_0000, low: 0x1, port: 9))
        #expect(v6.description == "if0 [fe80:0:0:0:0:0:0:1]:9")
        #expect(v6.sameRoute(as: PathAddress(interface: 4, endpoint: v6.endpoint)))
        #expect(!v4.sameRoute(as: PathAddress(interface: 3, endpoint: v4.endpoint)))
    }
}
