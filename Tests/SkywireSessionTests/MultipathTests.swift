import Testing
@testable import SkywireSession

@Suite struct MultipathTests {
    /// Bulk transfer over the given routes for `duration`; goodput measured from `warmup` on.
    private func bulk(
        _ routes: [SimulatedRoute], duration: UInt64, warmup: UInt64, seed: UInt64 = 7,
        config: SessionConfig = .default
    ) throws -> (goodput: Double, sim: ChannelSimulator, transfer: BulkTransfer) {
        let sim = ChannelSimulator(pair: try SessionPair(clientConfig: config, serverConfig: config), seed: seed)
        for (i, route) in routes.enumerated() { sim.addRoute(RouteID(UInt64(i + 1)), route) }
        let transfer = BulkTransfer(total: UInt64.max / 4)
        sim.run(until: duration) { transfer.step($0) }
        let bytes = transfer.bytesRead(from: warmup, to: duration)
        return (mbps(bytes: bytes, over: duration - warmup), sim, transfer)
    }

    private func describe(_ sim: ChannelSimulator) -> String {
        sim.client.stats.routes.map { r in
            "\(r.route.raw): srtt \(ms(r.smoothedRTT ?? 0)) cwnd \(r.congestionWindow / 1000) kB share \(Int(r.share * 100))% lost \(r.packetsLost)/\(r.packetsSent)"
        }.joined(separator: "; ") + "; resent \(sim.client.stats.streamBytesResent / 1000) kB, gap \(ms(sim.server.stats.longestDeliveryGap)), idle steps \(sim.stalls)"
    }

    @Test func aggregatesThreeEqualRoutes() throws {
        let routes = [10, 15, 20].map { SimulatedRoute.symmetric(delay: UInt64($0) * millisecond, rateMbps: 20) }
        let (goodput, sim, transfer) = try bulk(routes, duration: 6 * second, warmup: 2 * second)
        print("aggregation 3×20 Mbit/s: goodput \(goodput) Mbit/s (≥ 54 required); \(describe(sim))")
        #expect(!transfer.corrupt)
        #expect(goodput >= 0.9 * 60)
        #expect(sim.refused.isEmpty)
    }

    @Test func aggregatesUnequalRoutes() throws {
        let routes = [5.0, 20, 40].map { SimulatedRoute.symmetric(delay: 15 * millisecond, rateMbps: $0) }
        let (goodput, sim, transfer) = try bulk(routes, duration: 6 * second, warmup: 2 * second)
        print("aggregation 5+20+40 Mbit/s: goodput \(goodput) Mbit/s (≥ 58.5 required); \(describe(sim))")
        #expect(!transfer.corrupt)
        #expect(goodput >= 0.9 * 65)
    }
}
