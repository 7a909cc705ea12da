import Testing
@testable import SkywireSession

/// A fast route (10 ms one way) and a slow one (200 ms one way), both 20 Mbit/s.
@Suite struct FastSlowTests {
    private let fast = SimulatedRoute.symmetric(delay: 10 * millisecond, rateMbps: 20)
    private let slow = SimulatedRoute.symmetric(delay: 200 * millisecond, rateMbps: 20)
    private let duration: UInt64 = 5 * second
    private let warmup: UInt64 = 1_500 * millisecond

    private func bulkGoodput(_ routes: [SimulatedRoute]) throws -> (Double, ChannelSimulator) {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 11)
        for (i, route) in routes.enumerated() { sim.addRoute(RouteID(UInt64(i + 1)), route) }
        let transfer = BulkTransfer(total: UInt64.max / 4)
        sim.run(until: duration) { transfer.step($0) }
        #expect(!transfer.corrupt)
        return (mbps(bytes: transfer.bytesRead(from: warmup, to: duration), over: duration - warmup), sim)
    }

    /// Bulk throughput with both routes is at least 90 % of the fast route's alone.
    @Test func throughputIsNotDraggedBelowTheFastRoute() throws {
        let (alone, _) = try bulkGoodput([fast])
        let (both, sim) = try bulkGoodput([fast, slow])
        let shares = sim.client.stats.routes.map { "\($0.route.raw): \(Int($0.share * 100))%" }
        print("fast/slow bulk: fast alone \(alone) Mbit/s, both routes \(both) Mbit/s (≥ 90 % required); shares \(shares)")
        #expect(both >= 0.9 * alone)
    }

    /// An application sending 10 Mbit/s (half the fast route) in 1000-byte messages: with the
    /// slow route present, the 90th percentile of write-to-read latency stays under twice the
    /// fast route's RTT (40 ms); the slow route would make it at least 200 ms.
    @Test func latencyIsNotDraggedToTheSlowRoute() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 13)
        sim.addRoute(RouteID(1), fast)
        sim.addRoute(RouteID(2), slow)
        let app = PacedTransfer(chunkSize: 1_000, interval: 800_000, until: 4 * second)
        sim.run(until: duration) { app.step($0) }
        let p50 = app.latencyPercentile(0.5, from: second)
        let p90 = app.latencyPercentile(0.9, from: second)
        let p99 = app.latencyPercentile(0.99, from: second)
        let shares = sim.client.stats.routes.map { "\($0.route.raw): \(Int($0.share * 100))%" }
        print("fast/slow paced 10 Mbit/s: latency p50 \(ms(p50)), p90 \(ms(p90)), p99 \(ms(p99)) (p90 < 40 ms required); \(app.latencies.count)/\(app.messagesWritten) messages; shares \(shares)")
        #expect(app.latencies.count == app.messagesWritten)
        #expect(p90 < 40 * millisecond)
    }
}
