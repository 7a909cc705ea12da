import Testing
@testable import SkywireSession

@Suite struct DatagramTests {
    /// Sends `count` numbered datagrams, one every `interval`, and collects what arrives.
    private func run(
        routes: [SimulatedRoute], count: Int, interval: UInt64, seed: UInt64
    ) throws -> (received: [UInt32], sim: ChannelSimulator) {
        let sim = ChannelSimulator(pair: try SessionPair(), seed: seed)
        for (i, route) in routes.enumerated() { sim.addRoute(RouteID(UInt64(i + 1)), route) }
        var sent = 0
        var nextSend: UInt64 = 100 * millisecond
        var received: [UInt32] = []
        sim.run(until: UInt64(count) * interval + 2 * second) { s in
            while sent < count && nextSend <= s.now {
                var payload = [UInt8](repeating: UInt8(truncatingIfNeeded: sent), count: 200)
                withUnsafeBytes(of: UInt32(sent).bigEndian) { for i in 0..<4 { payload[i] = $0[i] } }
                #expect(throws: Never.self) { try s.client.sendDatagram(payload) }
                sent += 1
                nextSend += interval
            }
            s.server.drainDatagrams { bytes in
                #expect(bytes.count == 200)
                received.append(UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3]))
            }
            return sent < count ? nextSend : nil
        }
        return (received, sim)
    }

    /// 10 % loss each way: about 90 % arrive, each at most once, in sending order (one FIFO
    /// route), and nothing is sent twice.
    @Test func lossPassesThroughWithoutRetransmission() throws {
        let (received, sim) = try run(routes: [.symmetric(delay: 15 * millisecond, lossRate: 0.1)], count: 2000, interval: 5 * millisecond, seed: 21)
        let stats = sim.client.stats
        let route = stats.routes[0]
        print("datagrams: \(received.count)/2000 delivered, \(stats.datagramsSent) sent, \(route.packetsSent) packets on the route, \(route.packetsLost) declared lost")
        #expect(Set(received).count == received.count)
        #expect(received == received.sorted())
        #expect(stats.datagramsSent == 2000)
        #expect(received.count > 1700 && received.count < 1900)
        #expect(stats.streamBytesResent == 0)
        #expect(sim.server.stats.datagramsReceived == UInt64(received.count))
    }

    /// 0.8 Mbit/s of datagrams over two 0.6 Mbit/s routes of different delay: both carry them,
    /// and they are delivered as they arrive (not put back in order), each once.
    @Test func deliveredAsTheyArriveOverTwoRoutes() throws {
        let routes: [SimulatedRoute] = [
            .symmetric(delay: 10 * millisecond, rateMbps: 0.6, bufferBytes: 20_000),
            .symmetric(delay: 40 * millisecond, rateMbps: 0.6, bufferBytes: 20_000),
        ]
        let (received, sim) = try run(routes: routes, count: 1500, interval: 2 * millisecond, seed: 23)
        let outOfOrder = zip(received, received.dropFirst()).filter { $0 > $1 }.count
        let shares = sim.client.stats.routes.map { "\($0.route.raw): \(Int($0.share * 100))%" }
        print("datagrams over two routes: \(received.count)/1500 delivered, \(outOfOrder) arrived after a later one; shares \(shares)")
        #expect(Set(received).count == received.count)
        #expect(received.count > 1300)  // congestion drops at the bottlenecks pass through too
        #expect(outOfOrder > 0)
    }

    @Test func oversizedDatagramIsRefused() throws {
        let pair = try SessionPair()
        let limit = pair.client.maximumDatagramSize
        try pair.client.sendDatagram([UInt8](repeating: 1, count: limit))
        #expect(throws: SessionError.datagramTooLarge(maximum: limit, got: limit + 1)) {
            try pair.client.sendDatagram([UInt8](repeating: 1, count: limit + 1))
        }
    }
}
