import SkywireCrypto
import SkywireLink
import SkywireWire
import Testing

@Suite struct RoamingTests {
    /// B's packets start coming from another address: same session, endpoint moved, event;
    /// forged or replayed packets from a third address move nothing.
    @Test func authenticatedPacketsMoveTheEndpointForgedOnesDoNot() throws {
        let net = FakeNetwork(seed: 21)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.nodes[a].capturing = true
        net.run(for: 3 * second)
        let before = try #require(net.neighbor(b, at: a)?.links.first)
        #expect(before.state == .up)
        #expect(before.path == PathAddress(interface: 1, endpoint: FakeNetwork.address(segment: lan, node: b)))
        let handshakes = net.nodes[a].manager.counters.handshakesCompleted

        let moved = WireEndpoint.ipv4(address: 0x0A00_00C8, port: 7100)
        net.setAddress(of: b, on: lan, to: moved)
        net.run(for: 2 * second)
        let after = try #require(net.neighbor(b, at: a)?.links.first)
        #expect(after.state == .up)
        #expect(after.path == PathAddress(interface: 1, endpoint: moved))
        #expect(after.handshakes == before.handshakes)
        #expect(net.nodes[a].manager.counters.handshakesCompleted == handshakes, "no new handshake")
        #expect(net.events(at: a).contains(.endpointRoamed(
            net.nodes[b].publicKey, from: before.path, to: PathAddress(interface: 1, endpoint: moved))))
        // Traffic follows the new address.
        net.sendFrame(1, from: a, to: b)
        net.run(for: 50 * millisecond)
        #expect(net.receivedSequences(at: b, from: a) == [1])

        // Forgeries from a third address: a captured transport packet from B with a fresh
        // counter and a flipped ciphertext byte, the captured packet unchanged (a replay), and
        // garbage under B's receiver index.
        let transport = try #require(net.nodes[a].captured.last { $0.bytes.first == MessageType.transportData.rawValue })
        let attacker = PathAddress(interface: 1, endpoint: .ipv4(address: 0x0A00_00FE, port: 666))
        var tampered = withCounter(transport.bytes, plus: 500)
        tampered[20] ^= 0x01
        let garbage = Array(withCounter(transport.bytes, plus: 501)[0..<16]) + [UInt8](repeating: 0x55, count: 40)
        let drops = net.nodes[a].manager.counters.drops
        net.inject(tampered, to: a, from: attacker)
        net.inject(transport.bytes, to: a, from: attacker)
        net.inject(garbage, to: a, from: attacker)
        let dropsAfter = net.nodes[a].manager.counters.drops
        #expect(dropsAfter[.authenticationFailed] == drops[.authenticationFailed] + 2)
        #expect(dropsAfter[.replayedPacket] == drops[.replayedPacket] + 1)
        #expect(net.neighbor(b, at: a)?.links.first?.path == PathAddress(interface: 1, endpoint: moved))
        #expect(!net.events(at: a).contains { if case .endpointRoamed(_, _, let to) = $0 { return to == attacker } else { return false } })
        #expect(!net.stalled)
    }
}

/// A transport packet with its header counter advanced by `delta` (the tag no longer matches).
func withCounter(_ packet: [UInt8], plus delta: UInt64) -> [UInt8] {
    var out = packet
    let counter = packet[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } &+ delta
    for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: counter >> UInt64(56 - 8 * i)) }
    return out
}
