import SkywireCrypto
import SkywireLink
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct OneWayLinkTests {
    /// A, B, C in a triangle, 5 ms per link. After convergence the direction B → A degrades to
    /// 70 % loss: the link layer keeps the link (its control packets still trickle through; the
    /// dead-after time is raised to 12 keepalive intervals here), but B's receive reports show A
    /// that A's packets arrive, while A's reports show B that most of B's do not. B announces
    /// B → A unconfirmed (loss ≥ 50 %), A announces A → B confirmed: the graph holds A → B only.
    /// A's ping to B takes the direct edge; B cannot answer backwards over it, so the setup told
    /// B A's key (inside the onion) and B answers on a route of its own, B → C → A.
    ///
    /// A hard cut of one direction is different: the link layer then declares the link down at
    /// both ends (it needs packets both ways, §6.4), so the edge leaves the graph entirely.
    @Test func routesFollowTheWorkingDirection() throws {
        var config = NodeConfig.simulation
        config.link.deadAfterMissed = 12
        let sim = Simulator(seed: 41)
        for _ in 0..<3 { sim.addNode(config: config) }
        let (a, b, c) = (0, 1, 2)
        let ab = sim.connect(a, b, .ms(5))
        sim.connect(a, c, .ms(5))
        sim.connect(c, b, .ms(5))
        try #require(sim.runUntilConverged() != nil)
        var lossy = DirectionSpec.ms(5)
        lossy.loss = 0.7
        sim.setDirection(link: ab, from: b, lossy)
        let keyA = sim.members[a].publicKey, keyB = sim.members[b].publicKey, keyC = sim.members[c].publicKey
        let oneWay = sim.run(for: 60 * sec, checkEvery: 100 * ms) { sim in
            let g = sim.members[a].node.graph(now: sim.now)
            return g.metrics(from: keyA, to: keyB) != nil && g.metrics(from: keyB, to: keyA) == nil
        }
        #expect(oneWay, "A's graph should hold A → B and not B → A")
        let g = sim.members[a].node.graph(now: sim.now)
        #expect(g.metrics(from: keyA, to: keyC) != nil && g.metrics(from: keyC, to: keyB) != nil)
        #expect(sim.members[a].node.links.snapshot(now: sim.now).first { $0.key == keyB }?.isUp == true)

        let start = sim.now
        let forward = try sim.members[a].node.paths(to: keyB, now: sim.now)[0].hops
        #expect(forward == [keyB], "A → B directly")
        let back = try sim.members[b].node.paths(to: keyA, now: sim.now)[0].hops
        #expect(back == [keyC, keyA], "B → A goes round by C")
        let id = try sim.members[a].node.ping(keyB, now: sim.now)
        sim.pump(a)
        sim.run(for: 1 * sec)
        let reply = try #require(sim.firstEvent(of: a, since: start) { e -> (UInt64, Int)? in
            if case .pingReply(let p, _, let rtt, let hops) = e, p == id { return (rtt, hops) }
            return nil
        })
        #expect(reply.value.1 == 1)
        // One way over one hop, back over two: 3 × (5 ms + 50 µs).
        #expect(reply.value.0 == 3 * (5 * ms + 50_000), "RTT \(millis(reply.value.0))")
        let answerRoute = sim.firstEvent(of: b, since: start) { e -> Int? in
            if case .routeUp(_, let destination, let hops) = e, destination == keyA { return hops }
            return nil
        }
        #expect(answerRoute?.value == 2)

        // A session A → B: the initiation takes A → B; B's answer and everything B sends go
        // on B's own route round by C. Both directions of the stream arrive whole.
        sim.members[b].node.addService(sim.members[b].key)
        let later = sim.now
        let h = try sim.members[a].node.connect(to: keyB, service: keyB, port: 5, routes: 1, now: sim.now)
        _ = try sim.members[a].node.write(Array(repeating: 1, count: 20_000), to: h, now: sim.now)
        sim.pump(a)
        sim.run(for: 300 * ms)
        let accepted = try #require(sim.acceptedSession(at: b, since: later))
        _ = try sim.members[b].node.write(Array(repeating: 2, count: 10_000), to: accepted.handle, now: sim.now)
        sim.pump(b)
        var atB: [UInt8] = [], atA: [UInt8] = []
        let done = sim.run(for: 10 * sec, checkEvery: 10 * ms) { sim in
            atB += sim.readAll(b, accepted.handle)
            atA += sim.readAll(a, h)
            return atB.count == 20_000 && atA.count == 10_000
        }
        #expect(done, "A → B \(atB.count) bytes, B → A \(atA.count) bytes")
        let bRoutes = sim.members[b].node.routes(now: sim.now).filter { $0.session == accepted.handle && $0.status != .incoming }
        #expect(bRoutes.map(\.hops) == [2], "B sends on its own route round by C")
        #expect(sim.members[a].node.routes(now: sim.now).contains { $0.session == h && $0.hops == 1 })
    }
}
