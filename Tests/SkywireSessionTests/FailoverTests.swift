import Testing
@testable import SkywireSession

@Suite struct FailoverTests {
    /// Two routes (20 ms and 30 ms one way, 20 Mbit/s each); route 1 is cut at 1.5 s while a
    /// 12 MB stream runs. Every byte still arrives in order over route 2; the longest stall of
    /// in-order delivery is measured; the client reports the dead route and asks for another.
    @Test func cutRouteOnAnActiveStream() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 3)
        sim.addRoute(RouteID(1), .symmetric(delay: 20 * millisecond, rateMbps: 20))
        sim.addRoute(RouteID(2), .symmetric(delay: 30 * millisecond, rateMbps: 20))
        let transfer = BulkTransfer(total: 12_000_000)
        let cutAt = 1_500 * millisecond
        sim.run(until: cutAt) { transfer.step($0) }
        let beforeCut = transfer.read
        sim.routes[RouteID(1)]!.toServer.cut = true
        sim.routes[RouteID(1)]!.toClient.cut = true
        sim.run(until: 20 * second) { transfer.step($0) }

        let events = sim.client.drainEvents()
        let gap = transfer.longestReadGap(from: cutAt - 200 * millisecond, to: cutAt + 2 * second)
        let gapBefore = transfer.longestReadGap(from: 200 * millisecond, to: cutAt)
        let deadAt = sim.client.stats.routes.first { $0.route == RouteID(1) }
        print("cut route: \(beforeCut) B before the cut, all \(transfer.read) B by \(ms(transfer.finishedAt ?? 0)); longest in-order stall around the cut \(ms(gap)) (before the cut \(ms(gapBefore))); events \(events); route 1 live \(deadAt?.isLive ?? true)")
        #expect(beforeCut > 0 && beforeCut < transfer.total)
        #expect(transfer.read == transfer.total)
        #expect(!transfer.corrupt)
        #expect(events.contains(.routeDead(RouteID(1))))
        #expect(events.contains(.needRoute(1)))
        #expect(gap < 1 * second)
        #expect(sim.refused.isEmpty)
    }

    /// After route 1 died, a new route 3 is added: the stream uses it.
    @Test func replacementRouteCarriesTraffic() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 5)
        sim.addRoute(RouteID(1), .symmetric(delay: 20 * millisecond, rateMbps: 10))
        sim.addRoute(RouteID(2), .symmetric(delay: 25 * millisecond, rateMbps: 10))
        let transfer = BulkTransfer(total: UInt64.max / 4)
        sim.run(until: 1 * second) { transfer.step($0) }
        sim.routes[RouteID(1)]!.toServer.cut = true
        sim.routes[RouteID(1)]!.toClient.cut = true
        var replaced = false
        var replacedAt: UInt64 = 0
        sim.run(until: 6 * second) { s in
            _ = transfer.step(s)
            if !replaced, s.client.drainEvents().contains(.needRoute(1)) {
                replaced = true
                replacedAt = s.now
                s.routes[RouteID(3)] = .symmetric(delay: 15 * millisecond, rateMbps: 10)
                s.client.addRoute(RouteID(3), now: s.now)  // the server learns it from packets
            }
            return nil
        }
        let stats = sim.client.stats
        let route3 = stats.routes.first { $0.route == RouteID(3) }
        let learned = sim.server.stats.routes.first { $0.route == RouteID(3) }
        let after = transfer.bytesRead(from: replacedAt + second, to: 6 * second)
        let rate = mbps(bytes: after, over: 6 * second - replacedAt - second)
        print("replacement: needRoute at \(ms(replacedAt)); route 3 share \(Int((route3?.share ?? 0) * 100))%, srtt \(ms(route3?.smoothedRTT ?? 0)); goodput afterwards \(rate) Mbit/s over 2 × 10 Mbit/s")
        #expect(replaced)
        #expect((route3?.bytesAcked ?? 0) > 1_000_000)
        #expect(learned?.isLearned == true)
        #expect(rate > 15)
        #expect(!transfer.corrupt)
    }

    /// Route 1 works only client → server (ACKs sent on it are lost); route 2 works both ways.
    /// The client's data uses route 1 (the faster one) and its ACKs come back over route 2.
    @Test func oneWayRouteUsedWithAcksOnTheBackChannel() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 9)
        var oneWay = SimulatedRoute.symmetric(delay: 10 * millisecond, rateMbps: 10)
        oneWay.toClient.cut = true
        sim.addRoute(RouteID(1), oneWay)
        sim.addRoute(RouteID(2), .symmetric(delay: 40 * millisecond, rateMbps: 10))
        let transfer = BulkTransfer(total: 6_000_000)
        sim.run(until: 10 * second) { transfer.step($0) }
        let client = sim.client.stats
        let server = sim.server.stats
        let clientRoute1 = client.routes.first { $0.route == RouteID(1) }!
        let serverRoute1 = server.routes.first { $0.route == RouteID(1) }!
        let serverRoute2 = server.routes.first { $0.route == RouteID(2) }!
        let serverEvents = sim.server.drainEvents()
        print("one-way route: done at \(ms(transfer.finishedAt ?? 0)); client route 1 share \(Int(clientRoute1.share * 100))% srtt \(ms(clientRoute1.smoothedRTT ?? 0)) (10 ms out + 40 ms back); server sent \(serverRoute1.packetsSent) packets on route 1, \(serverRoute2.packetsSent) on route 2; server events \(serverEvents)")
        #expect(transfer.read == transfer.total)
        #expect(!transfer.corrupt)
        #expect(clientRoute1.isLive)
        #expect(clientRoute1.share > 0.3)
        #expect(serverEvents.contains(.routeDead(RouteID(1))))
        #expect(serverRoute2.packetsSent > 10 * serverRoute1.packetsSent)
    }

    /// A route that comes back (a link that flapped) is revived by its probes and used again.
    @Test func deadRouteComesBack() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 8)
        sim.addRoute(RouteID(1), .symmetric(delay: 10 * millisecond, rateMbps: 10))
        sim.addRoute(RouteID(2), .symmetric(delay: 30 * millisecond, rateMbps: 10))
        let transfer = BulkTransfer(total: UInt64.max / 4)
        sim.run(until: second) { transfer.step($0) }
        sim.routes[RouteID(1)]!.toServer.cut = true
        sim.routes[RouteID(1)]!.toClient.cut = true
        sim.run(until: 2 * second) { transfer.step($0) }
        let whileCut = sim.client.drainEvents()
        let sentBefore = sim.client.stats.routes[0].bytesAcked
        sim.routes[RouteID(1)]!.toServer.cut = false
        sim.routes[RouteID(1)]!.toClient.cut = false
        sim.run(until: 4 * second) { transfer.step($0) }
        let afterwards = sim.client.drainEvents()
        let route1 = sim.client.stats.routes[0]
        print("flapping route: events while cut \(whileCut), after \(afterwards); route 1 acked \((route1.bytesAcked - sentBefore) / 1000) kB after coming back")
        #expect(whileCut.contains(.routeDead(RouteID(1))))
        #expect(afterwards.contains(.routeRevived(RouteID(1))))
        #expect(route1.isLive)
        #expect(route1.bytesAcked - sentBefore > 500_000)
        #expect(!transfer.corrupt)
    }
}
