import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct BasicNodeTests {
    @Test func chainConvergesAndPings() throws {
        let sim = Simulator.network(seed: 7, nodes: 4, edges: Topology.chain(4)) { _, _ in .ms(5) }
        let converged = try #require(sim.runUntilConverged(timeout: 30 * sec))
        print("converged after \(millis(converged))")
        let start = sim.now
        let id = try sim.members[0].node.ping(sim.members[3].publicKey, now: sim.now)
        sim.pump(0)
        sim.run(for: 1 * sec)
        let reply = sim.firstEvent(of: 0, since: start) { e -> (PingID, UInt64, Int)? in
            if case .pingReply(let p, _, let rtt, let hops) = e { return (p, rtt, hops) }
            return nil
        }
        let r = try #require(reply)
        #expect(r.value.0 == id)
        #expect(r.value.2 == 3)
        print("rtt \(millis(r.value.1)) stats \(sim.stats)")
    }
}
