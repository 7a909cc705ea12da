import SkywireCrypto
import SkywireLink
import SkywireWire
import Testing

@Suite struct LifecycleTests {
    /// One-way link: B hears A's beacons but nothing from B reaches A. B tries
    /// `discoveredAttempts` initiations (1, 2, 4 s apart), gives up, and from then on each
    /// beacon may restart it only after the longest backoff.
    @Test func oneWayLinkGivesUpAndBacksOff() throws {
        let net = FakeNetwork(seed: 81)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.segments[lan].blocked.insert(.init(from: b, to: a))
        let start = net.now
        net.run(for: 30 * second)
        let tries = net.sendLog.filter { $0.from == b && $0.type == MessageType.handshakeInitiation.rawValue }
            .map { ($0.time - start) / millisecond }
        // Beacons land at k s + 1 ms. Tries 1–4 at 0.001, 1.001, 3.001, 7.001 s; gives up at
        // 15.001; the first beacon at least 8 s after the last try restarts it at 16.001.
        #expect(Array(tries.prefix(5)) == [1, 1001, 3001, 7001, 16001])
        #expect(net.neighbor(b, at: a) == nil, "A never heard B")
        #expect(net.neighbor(a, at: b)?.links.first?.state != .up)
        #expect(!net.stalled)
    }

    /// A link found by beacon that went down is forgotten after `forgetDownLinksAfter`; a
    /// static one never is.
    @Test func downLinksAreForgotten() throws {
        var config = LinkConfig.default
        config.forgetDownLinksAfter = 20 * second
        let net = FakeNetwork(seed: 82)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a", config: config), b = net.addNode("b", config: config), c = net.addNode("c", config: config)
        for n in [a, b, c] { net.attach(n, to: lan, interface: 1) }
        net.nodes[a].manager.addStaticPeer(net.nodes[c].publicKey,
            at: PathAddress(interface: 1, endpoint: try #require(net.address(of: c, on: lan))), now: net.now)
        net.pump(a)
        net.run(for: 2 * second)
        #expect(net.nodes[a].manager.snapshot(now: net.now).count == 2)
        net.kill(b)
        net.kill(c)
        net.run(for: 10 * second)
        #expect(net.nodes[a].manager.snapshot(now: net.now).map(\.isUp) == [false, false])
        net.run(for: 25 * second)
        let left = net.nodes[a].manager.snapshot(now: net.now)
        #expect(left.map(\.key) == [net.nodes[c].publicKey])
        #expect(left.first?.links.first?.isStatic == true)
        #expect(!net.stalled)
    }

    /// `maxNeighbors` bounds the neighbour table against a flood of fresh keys.
    @Test func neighbourTableIsBounded() {
        var config = LinkConfig.default
        config.maxNeighbors = 1
        let net = FakeNetwork(seed: 83)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a", config: config)
        for i in 0..<3 {
            net.addNode("n\(i)")
            net.attach(i + 1, to: lan, interface: 1)
        }
        net.attach(a, to: lan, interface: 1)
        net.run(for: 3 * second)
        #expect(net.nodes[a].manager.snapshot(now: net.now).count == 1)
        #expect(net.nodes[a].manager.counters.drops[.neighborLimit] > 0)
        #expect(!net.stalled)
    }

    /// A beacon authenticates a key, not an address: an old beacon of B replayed on another
    /// interface from a forged address makes A try one handshake there, which never completes;
    /// the link gives up and the real link to B is untouched.
    @Test func beaconReplayedOnAnotherInterfaceCostsOneHandshakeAttempt() throws {
        var config = LinkConfig.default
        config.forgetDownLinksAfter = 30 * second
        let net = FakeNetwork(seed: 84)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a", config: config), b = net.addNode("b")
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.nodes[a].capturing = true
        net.run(for: 2 * second)
        let beacon = try #require(net.nodes[a].captured.first { $0.bytes.first == MessageType.beacon.rawValue })
        let forged = PathAddress(interface: 2, endpoint: .ipv4(address: 0xC633_6401, port: 9))
        net.inject(beacon.bytes, to: a, from: forged)
        net.inject(beacon.bytes, to: a, from: forged)
        #expect(net.nodes[a].manager.counters.drops[.staleBeacon] == 1)
        net.run(for: 20 * second)
        let links = try #require(net.neighbor(b, at: a)).links
        #expect(links.count == 2)
        #expect(links.first { $0.path.interface == 1 }?.state == .up)
        #expect(links.first { $0.path.interface == 2 }?.state == .down)
        net.run(for: 40 * second)
        #expect(net.neighbor(b, at: a)?.links.map(\.path.interface) == [1])
        #expect(!net.stalled)
    }
}
