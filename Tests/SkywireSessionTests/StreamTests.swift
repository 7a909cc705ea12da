import Testing
@testable import SkywireSession

@Suite struct StreamTests {
    /// One route, 20 ms each way, 10 Mbit/s, 5 % loss in both directions: 2 MB arrive complete
    /// and in order.
    @Test func reliableStreamOverALossyRoute() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 42)
        sim.addRoute(RouteID(1), .symmetric(delay: 20 * millisecond, lossRate: 0.05, rateMbps: 10))
        let transfer = BulkTransfer(total: 2_000_000)
        sim.run(until: 30 * second) { transfer.step($0) }
        let stats = sim.client.stats
        let route = stats.routes[0]
        print("lossy route: \(transfer.read) B in \(ms(transfer.finishedAt ?? 0)), goodput \(mbps(bytes: transfer.read, over: transfer.finishedAt ?? 1)) Mbit/s, lost \(route.packetsLost)/\(route.packetsSent), resent \(stats.streamBytesResent) B, srtt \(ms(route.smoothedRTT ?? 0)), longest gap \(ms(sim.server.stats.longestDeliveryGap))")
        #expect(transfer.read == transfer.total)
        #expect(!transfer.corrupt)
        #expect(transfer.finishedAt != nil)
        #expect(sim.client.isStreamAcknowledged)
        #expect(sim.server.isPeerStreamFinished)
        #expect(sim.refused.isEmpty)
    }
}
