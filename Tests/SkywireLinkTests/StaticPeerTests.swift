import SkywireCrypto
import SkywireLink
import SkywireWire
import Testing

@Suite struct StaticPeerTests {
    /// A configured peer without beacons: initiations back off 1, 2, 4, 8, 8 s while it is
    /// unreachable, and the link comes up once it is reachable.
    @Test func retriesWithBackoffUntilReachable() throws {
        let net = FakeNetwork(seed: 31)
        let wan = net.addSegment(delay: 20 * millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: wan, interface: 3)
        net.attach(b, to: wan, interface: 7)
        for n in [a, b] { net.nodes[n].sendsBeacons = false }
        net.segments[wan].up = false
        let start = net.now
        let bAddress = try #require(net.address(of: b, on: wan))
        net.nodes[a].manager.addStaticPeer(net.nodes[b].publicKey, at: PathAddress(interface: 0, endpoint: bAddress), now: net.now)
        net.pump(a)
        net.run(for: 20 * second)

        let initiations = net.sendLog.filter { $0.from == a && $0.type == MessageType.handshakeInitiation.rawValue }
        let offsets = initiations.map { ($0.time - start) / millisecond }
        #expect(offsets == [0, 1000, 3000, 7000, 15000])
        let link = try #require(net.neighbor(b, at: a)?.links.first)
        #expect(link.state == .handshaking)
        #expect(link.isStatic)
        #expect(link.failedAttempts == 5)

        net.segments[wan].up = true  // at +20 s; the next attempt is at +23 s
        net.run(for: 4 * second)
        let up = try #require(net.neighbor(b, at: a)?.links.first)
        #expect(up.state == .up)
        #expect(up.failedAttempts == 0)
        #expect(up.path == PathAddress(interface: 3, endpoint: bAddress), "the response taught the interface")
        #expect(net.neighbor(a, at: b)?.isUp == true)
        let rtt = up.rttNanos ?? 0
        #expect(rtt >= 40 * millisecond && rtt < 41 * millisecond)

        // It dies: down after 3 s, then re-dialled at once and with backoff again.
        net.segments[wan].up = false
        net.run(for: 3500 * millisecond)
        #expect(net.neighbor(b, at: a)?.links.first?.state == .handshaking)
        net.segments[wan].up = true
        net.run(for: 3 * second)
        #expect(net.neighbor(b, at: a)?.links.first?.state == .up)
        #expect(!net.stalled)
    }

    /// Both sides configured as static peers of each other and started together: the two
    /// simultaneous initiations converge to one session (the lower key's initiation wins).
    @Test func simultaneousInitiationsConvergeToOneSession() throws {
        let net = FakeNetwork(seed: 32)
        let wan = net.addSegment(delay: 10 * millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: wan, interface: 1)
        net.attach(b, to: wan, interface: 1)
        for n in [a, b] { net.nodes[n].sendsBeacons = false }
        let aPath = PathAddress(interface: 1, endpoint: try #require(net.address(of: a, on: wan)))
        let bPath = PathAddress(interface: 1, endpoint: try #require(net.address(of: b, on: wan)))
        net.nodes[a].manager.addStaticPeer(net.nodes[b].publicKey, at: bPath, now: net.now)
        net.nodes[b].manager.addStaticPeer(net.nodes[a].publicKey, at: aPath, now: net.now)
        net.pump(a)
        net.pump(b)
        net.run(for: 2 * second)

        let (low, high) = net.nodes[a].publicKey < net.nodes[b].publicKey ? (a, b) : (b, a)
        #expect(net.nodes[low].manager.counters.drops[.simultaneousInitiation] == 1)
        #expect(net.nodes[high].manager.counters.drops[.simultaneousInitiation] == 0)
        for (node, peer) in [(a, b), (b, a)] {
            #expect(net.nodes[node].manager.counters.handshakesCompleted == 1)
            let link = try #require(net.neighbor(peer, at: node)?.links.first)
            #expect(link.state == .up && link.handshakes == 1)
        }
        #expect(net.nodes[low].manager.counters.responsesSent == 0)
        #expect(net.nodes[high].manager.counters.responsesSent == 1)
        #expect(!net.stalled)
    }
}
