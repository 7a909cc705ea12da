import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct DeterminismTests {
    /// The same seed gives the same run: the same keys, the same datagrams on the wire at the
    /// same virtual times, the same events at every node (ping ids, labels and ephemeral keys
    /// are random but change no timing and no decision).
    @Test func sameSeedSameRun() throws {
        func run() -> (SimStats, [String], [PublicKey]) {
            var rng = SplitMix64(seed: 5)
            let edges = Topology.randomConnected(nodes: 20, averageDegree: 3, rng: &rng)
            let sim = Simulator.network(seed: 5, nodes: 20, edges: edges) { a, b in
                var spec = DirectionSpec.ms(Double(1 + (a * 7 + b * 3) % 9))
                spec.loss = 0.02
                return spec
            }
            _ = sim.runUntilConverged()
            for i in 0..<20 { _ = try? sim.members[i].node.ping(sim.members[(i + 7) % 20].publicKey, now: sim.now); sim.pump(i) }
            sim.run(for: 2 * sec)
            // Ping ids are random: compare replies and timeouts without them.
            let trace = sim.trace.map { e -> String in
                if case .pingReply(_, let from, let rtt, let hops) = e.event { return "\(e.time) \(e.node) reply \(from) \(rtt) \(hops)" }
                if case .pingTimeout = e.event { return "\(e.time) \(e.node) timeout" }
                return "\(e.time) \(e.node) \(e.event)"
            }
            return (sim.stats, trace, sim.members.map(\.publicKey))
        }
        let a = run(), b = run()
        #expect(a.2 == b.2, "same keys")
        #expect(a.0 == b.0, "same network statistics")
        #expect(a.1.count == b.1.count)
        let firstDifference = zip(a.1, b.1).first { $0 != $1 }
        #expect(firstDifference == nil, "first difference: \(String(describing: firstDifference))")
    }
}
