import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

extension Simulator {
    /// Everything node `i` can read from session `h` now.
    func readAll(_ i: Int, _ h: SessionHandle) -> [UInt8] {
        let bytes = members[i].node.read(h, now: now)
        pump(i)
        return bytes
    }

    func acceptedSession(at i: Int, since: UInt64 = 0) -> (time: UInt64, handle: SessionHandle, first: [UInt8])? {
        firstEvent(of: i, since: since) { e -> (SessionHandle, [UInt8])? in
            if case .session(let h, .accepted(_, _, _, let first)) = e { return (h, first) }
            return nil
        }.map { ($0.time, $0.value.0, $0.value.1) }
    }
}

@Suite struct SessionTests {
    /// A session to a service on a node four hops away: the first message rides in the route
    /// setups (0-RTT) and is there after one one-way trip; the answer is back after one RTT;
    /// a 200 kB stream arrives whole and in order.
    @Test func sessionOpensInOnePassAndCarriesAStream() throws {
        let sim = Simulator.network(seed: 51, nodes: 5, edges: Topology.chain(5) + [(0, 2), (2, 4)]) { a, b in
            .ms(b - a == 2 ? 8 : 3)
        }
        try #require(sim.runUntilConverged() != nil)
        let server = sim.members[4]
        server.node.addService(server.key)
        let start = sim.now
        let h = try sim.members[0].node.connect(
            to: server.publicKey, service: server.publicKey, port: 7, firstMessage: Array("hello".utf8), now: sim.now)
        sim.pump(0)
        sim.run(for: 200 * ms)
        let accepted = try #require(sim.acceptedSession(at: 4, since: start))
        #expect(accepted.first == Array("hello".utf8))
        let routes = sim.events(of: 0, since: start).compactMap { e -> Int? in
            if case .routeUp(_, _, let hops) = e.event { return hops }
            return nil
        }
        #expect(routes.count == 2, "k = 2 routes: \(routes)")
        let established = try #require(sim.firstEvent(of: 0, since: start) { e -> Bool? in
            if case .session(_, .established) = e { return true }
            return nil
        })
        print("accepted after \(millis(accepted.time - start)), established after \(millis(established.time - start))")
        // The cheapest path is 0-1-2-3-4 at 4 × 3 ms (vs 2 × 8 ms): first message after one way.
        #expect(accepted.time - start == 4 * (3 * ms + 50_000))
        #expect(established.time - start == 8 * (3 * ms + 50_000))

        var payload: [UInt8] = []
        for i in 0..<200_000 { payload.append(UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8)) }
        _ = try sim.members[0].node.write(payload, to: h, now: sim.now)
        sim.pump(0)
        var received: [UInt8] = []
        let done = sim.run(for: 20 * sec, checkEvery: 10 * ms) { sim in
            received += sim.readAll(4, accepted.handle)
            return received.count >= payload.count
        }
        #expect(done)
        #expect(received == payload)
        #expect(sim.stats.stalls == 0)
        print("200 kB delivered after \(millis(sim.now - start)); stats \(String(describing: sim.members[0].node.sessionStats(h)?.routes.map { ($0.route, $0.smoothedRTT, $0.streamBytesSent) }))")
    }
}
