import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct BundlingTests {
    /// The first data sent right after `openRoute` leaves in the same link packet as the setup
    /// (garlic bundling), so it cannot arrive before the route exists: the origin puts exactly
    /// one datagram on the wire, and the destination gets the 0-RTT datagram and the bundled one
    /// at the same instant, in order.
    @Test func firstDataRidesInTheSetupPacket() throws {
        let sim = Simulator.network(seed: 31, nodes: 4, edges: Topology.chain(4)) { _, _ in .ms(3) }
        try #require(sim.runUntilConverged() != nil)
        let origin = sim.members[0].node
        let before = origin.links.counters.datagramsOut
        let route = try origin.openRoute(to: sim.members[3].publicKey, datagram: [1], now: sim.now)
        #expect(origin.sendDatagram([2], on: route, now: sim.now))
        #expect(origin.sendDatagram([3], on: route, now: sim.now))
        var sent: [Int] = []
        origin.drainOutgoing { bytes, _ in sent.append(bytes.count) }
        #expect(sent.count == 1, "one link packet: \(sent)")
        #expect(origin.links.counters.datagramsOut == before + 1)
        let start = sim.now
        // The same through the simulated network.
        let route2 = try origin.openRoute(to: sim.members[3].publicKey, datagram: [4], now: sim.now)
        origin.sendDatagram([5], on: route2, now: sim.now)
        sim.pump(0)
        sim.run(for: 50 * ms)
        let got = sim.events(of: 3, since: start).compactMap { e -> (UInt64, [UInt8], Bool)? in
            if case .datagram(_, let bytes, let viaSetup) = e.event { return (e.time, bytes, viaSetup) }
            return nil
        }
        #expect(got.map(\.1) == [[4], [5]])
        #expect(got.map(\.2) == [true, false])
        #expect(Set(got.map(\.0)).count == 1, "same packet, same instant")
        #expect(got.first.map { $0.0 - start } == 3 * (3 * ms + 50_000))
    }
}
