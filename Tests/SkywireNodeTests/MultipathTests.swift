import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct MultipathTests {
    /// Routes of 10 ms and 200 ms (each link a 10 Mbit/s bottleneck). Margins: a 2 MB transfer
    /// over both routes takes at most 10 % longer than over the fast route alone; small records
    /// on the two-route session arrive within the fast route's one-way delay plus 20 ms (99th
    /// percentile), far below the slow route's 200 ms.
    @Test func slowRouteDoesNotDragTheStreamDown() throws {
        let r = MultipathScenario().run()
        print("bulk: fast only \(r.bulkFastOnly.map(millis) ?? "-"), both \(r.bulkBoth.map(millis) ?? "-"), bytes per route \(r.bytesPerRoute); latency median \(millis(r.latencyMedian)) p99 \(millis(r.latencyP99)) max \(millis(r.latencyMax)); paths \(millis(r.fastOneWay)) / \(millis(r.slowOneWay))")
        #expect(r.complete)
        let fast = try #require(r.bulkFastOnly), both = try #require(r.bulkBoth)
        #expect(Double(both) <= 1.1 * Double(fast))
        #expect(r.latencyP99 <= r.fastOneWay + 20 * ms)
        #expect(r.latencyMax < r.slowOneWay)
    }
}
