import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct RouteLifecycleTests {
    func downReason(_ sim: Simulator, at i: Int, _ id: RouteId) -> RouteDownReason? {
        sim.firstEvent(of: i) { e -> RouteDownReason? in
            if case .routeDown(let r, let reason) = e, r == id { return reason }
            return nil
        }?.value
    }

    /// A setup over a "path" whose next hop is no neighbour of the relay is refused there; the
    /// relay's teardown (next hop unreachable) travels back to the origin, which drops the route.
    @Test func refusedSetupComesBackAsTeardown() throws {
        let sim = Simulator.network(seed: 61, nodes: 4, edges: Topology.chain(4)) { _, _ in .ms(2) }
        try #require(sim.runUntilConverged() != nil)
        let keys = sim.members.map(\.publicKey)
        let id = try sim.members[0].node.openRoute(path: [keys[1], keys[3]], datagram: [1], now: sim.now)
        sim.pump(0)
        sim.run(for: 100 * ms)
        #expect(downReason(sim, at: 0, id) == .teardown(.unreachable))
        #expect(sim.members[1].node.counters.setupsRejected == 1)
        #expect(sim.members[0].node.routes(now: sim.now).isEmpty)
    }

    /// `routes` shows a route set up here (destination, hops, labels, RTT once answered) and the
    /// incoming end at the destination; an idle route expires at both ends and along the path.
    @Test func routesSnapshotAndIdleExpiry() throws {
        var config = NodeConfig.simulation
        config.routeIdleSeconds = 5
        let sim = Simulator.network(seed: 62, nodes: 4, edges: Topology.chain(4), config: config) { _, _ in .ms(2) }
        try #require(sim.runUntilConverged() != nil)
        let keys = sim.members.map(\.publicKey)
        _ = try sim.members[0].node.ping(keys[3], now: sim.now)
        sim.pump(0)
        sim.run(for: 100 * ms)
        let mine = try #require(sim.members[0].node.routes(now: sim.now).first)
        #expect(mine.status == .up && mine.peer == keys[3] && mine.hops == 3 && mine.neighbour == keys[1])
        #expect(mine.rttNanos == 6 * (2 * ms + 50_000))
        #expect(!mine.outLabel.isReverse && mine.inLabel?.isReverse == true)
        let theirs = try #require(sim.members[3].node.routes(now: sim.now).first)
        #expect(theirs.status == .incoming && theirs.peer == nil && theirs.hops == nil && theirs.neighbour == keys[2])
        #expect(sim.members[1].node.transitRouteCount == 1)
        sim.run(for: 7 * sec)
        #expect(downReason(sim, at: 0, mine.id) == .idle)
        #expect(sim.members[0].node.routes(now: sim.now).isEmpty)
        #expect(sim.members[3].node.routes(now: sim.now).isEmpty)
        #expect(sim.members[1].node.transitRouteCount == 0)
    }

    /// A ping to a node that went away: no answer, `pingTimeout` after `pingTimeout`.
    @Test func pingTimesOut() throws {
        let sim = Simulator.network(seed: 63, nodes: 3, edges: Topology.chain(3)) { _, _ in .ms(2) }
        try #require(sim.runUntilConverged() != nil)
        sim.setDirection(link: 1, from: 2, DirectionSpec(latency: 2 * ms, up: false))
        let id = try sim.members[0].node.ping(sim.members[2].publicKey, now: sim.now)
        sim.pump(0)
        sim.run(for: 6 * sec)
        #expect(sim.firstEvent(of: 0) { e -> PingID? in if case .pingTimeout(let p) = e { return p }; return nil }?.value == id)
    }

    /// Losing a link tears down the routes through it: the relay that lost it tells both ends.
    @Test func linkLossTearsRoutesDown() throws {
        let sim = Simulator.network(seed: 64, nodes: 4, edges: Topology.chain(4)) { _, _ in .ms(2) }
        try #require(sim.runUntilConverged() != nil)
        let id = try sim.members[0].node.openRoute(to: sim.members[3].publicKey, datagram: [9], now: sim.now)
        sim.pump(0)
        sim.run(for: 100 * ms)
        let far = try #require(sim.members[3].node.routes(now: sim.now).first?.id)
        sim.cut(link: 1)  // between nodes 1 and 2
        sim.run(for: 5 * sec)
        #expect(downReason(sim, at: 0, id) == .teardown(.unreachable))
        #expect(downReason(sim, at: 3, far) == .teardown(.unreachable))
    }
}
