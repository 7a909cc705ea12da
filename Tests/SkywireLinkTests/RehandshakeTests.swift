import SkywireCrypto
import SkywireLink
import Testing

@Suite struct RehandshakeTests {
    /// With traffic flowing both ways every 10 ms, sessions are replaced every 3 s and not one
    /// frame is lost or duplicated across the swaps.
    @Test func sessionsSwapWithoutLosingFrames() throws {
        var config = LinkConfig.default
        config.rehandshakeAfter = 3 * second
        let net = FakeNetwork(seed: 41)
        let lan = net.addSegment(delay: 5 * millisecond)
        let a = net.addNode("a", config: config), b = net.addNode("b", config: config)
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.run(for: 2 * second)
        #expect(net.neighbor(b, at: a)?.isUp == true)

        var sent: UInt64 = 0
        var refused = 0
        net.every(10 * millisecond) { net in
            if !net.sendFrame(sent, from: a, to: b) { refused += 1 }
            if !net.sendFrame(sent, from: b, to: a) { refused += 1 }
            sent += 1
        }
        net.run(for: 11 * second)
        net.stopTasks()
        net.run(for: 100 * millisecond)  // the last frames land
        let expected = Array(0..<sent)
        #expect(sent > 1000)
        #expect(refused == 0)
        #expect(net.receivedSequences(at: b, from: a) == expected)
        #expect(net.receivedSequences(at: a, from: b) == expected)
        let link = try #require(net.neighbor(b, at: a)?.links.first)
        #expect(link.handshakes >= 4, "handshakes \(link.handshakes)")
        #expect(net.nodes[a].manager.counters.handshakesCompleted == net.nodes[b].manager.counters.handshakesCompleted)
        #expect(!net.events(at: a).contains(.neighborDown(net.nodes[b].publicKey)))
        for node in [a, b] {
            let drops = net.nodes[node].manager.counters.drops
            #expect(drops[.unknownIndex] == 0 && drops[.authenticationFailed] == 0 && drops[.badTransportHeader] == 0)
        }
        #expect(!net.stalled)
    }
}
