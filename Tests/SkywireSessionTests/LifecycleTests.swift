import Testing
@testable import SkywireSession

@Suite struct LifecycleTests {
    @Test func closeReachesThePeer() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 1)
        sim.addRoute(RouteID(1), .symmetric(delay: 5 * millisecond))
        _ = try sim.client.write(Array("bye".utf8))
        sim.run(until: 100 * millisecond)
        sim.client.close(code: 42)
        sim.run(until: 200 * millisecond)
        #expect(sim.client.drainEvents().contains(.closed(.local(code: 42))))
        #expect(sim.server.drainEvents().contains(.closed(.peer(code: 42))))
        #expect(sim.client.isClosed && sim.server.isClosed)
        #expect(throws: SessionError.closed) { try sim.client.write([1]) }
    }

    @Test func idleSessionCloses() throws {
        var config = SessionConfig()
        config.idleTimeout = 2 * second
        let sim = ChannelSimulator(pair: try SessionPair(clientConfig: config, serverConfig: config), seed: 1)
        sim.addRoute(RouteID(1), .symmetric(delay: 5 * millisecond))
        sim.run(until: 1 * second)
        sim.routes[RouteID(1)]!.toServer.cut = true
        sim.routes[RouteID(1)]!.toClient.cut = true
        sim.run(until: 4 * second)
        #expect(sim.client.drainEvents().contains(.closed(.idle)))
        #expect(sim.client.nextDeadline == nil)
    }

    /// A quiet session with one live route sends only the route's keep-measuring probes and
    /// their ACKs: no PING answers a PING.
    @Test func quietSessionStaysQuiet() throws {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: 1)
        sim.addRoute(RouteID(1), .symmetric(delay: 5 * millisecond))
        sim.run(until: 10 * second)
        let sent = sim.client.stats.routes[0].packetsSent + sim.server.stats.routes[0].packetsSent
        print("quiet session: \(sent) packets in 10 s, simulator steps without progress \(sim.stalls)")
        #expect(sent <= 50)
        #expect(sim.client.stats.routes[0].smoothedRTT != nil)
    }
}
