import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

/// The simulator charges every node a fixed 50 µs to handle a datagram (`processingDelay`);
/// links here have no bottleneck, so a hop costs exactly its latency plus 50 µs.
@Suite struct SetupLatencyTests {
    /// Setup start → first data at the destination equals the path's one-way delay (no extra
    /// round trip); the first answer is back after exactly one path RTT. Asserted to 1 µs.
    @Test func firstDataTakesOneWayAndFirstAnswerOneRoundTrip() throws {
        var scenario = SetupLatencyScenario()
        scenario.hops = 8
        scenario.linkLatencyMs = 5
        let (rows, convergence) = scenario.run()
        print("converged in \(convergence.map(millis) ?? "never")\n" + SetupLatencyScenario.table(rows))
        #expect(rows.count == 8)
        for r in rows {
            let data = try #require(r.firstData, "hops \(r.hops): the destination never got the request")
            let answer = try #require(r.firstAnswer, "hops \(r.hops): no answer")
            #expect(data == r.pathOneWay, "hops \(r.hops): \(data) ns vs one-way \(r.pathOneWay) ns")
            #expect(answer == r.pathRTT, "hops \(r.hops): \(answer) ns vs RTT \(r.pathRTT) ns")
            #expect(r.pathOneWay == UInt64(r.hops) * (5 * ms + 50_000))
        }
    }

    /// The table next to a telescoping baseline (one hop extended per round trip, each only after
    /// the previous hop confirmed): 3, 5 and 8 hops.
    @Test func onePassBeatsTelescoping() throws {
        let rows = TelescopingScenario().run()
        print(TelescopingScenario.table(rows))
        #expect(rows.map(\.hops) == [3, 5, 8])
        for r in rows {
            let ours = try #require(r.ours), tele = try #require(r.telescoping)
            // Ours: n one-way hops. Telescoping: Σ_{i=1..n} 2i hops + n hops = n(n+2) hop times.
            let hop = 5 * ms + 50_000
            #expect(ours == UInt64(r.hops) * hop)
            #expect(tele == UInt64(r.hops * (r.hops + 2)) * hop)
            #expect(r.ratio! > Double(r.hops))
        }
    }
}
