import Testing
@testable import SkywireSession

@Suite struct BoundedMemoryTests {
    /// 64 KiB send and receive buffers; route 1 swallows everything (a stalled route), and the
    /// receiving application stops reading for a second in the middle. Neither buffer ever
    /// holds more than its bound, the writer is pushed back, and every byte still arrives.
    @Test func buffersStayWithinTheirBoundsWithAStalledRoute() throws {
        var config = SessionConfig()
        config.sendBufferCapacity = 64 * 1024
        config.receiveBufferCapacity = 64 * 1024
        let sim = ChannelSimulator(pair: try SessionPair(clientConfig: config, serverConfig: config), seed: 31)
        var stalled = SimulatedRoute.symmetric(delay: 10 * millisecond, rateMbps: 10)
        stalled.toServer.cut = true
        sim.addRoute(RouteID(1), stalled)
        sim.addRoute(RouteID(2), .symmetric(delay: 30 * millisecond, rateMbps: 10))
        let transfer = BulkTransfer(total: 3_000_000)
        var refusedWrites = 0
        var maxUnacked = 0
        sim.run(until: 8 * second) { s in
            if s.client.writableBytes == 0 { refusedWrites += 1 }
            maxUnacked = max(maxUnacked, s.client.stream.buffered)
            // The reader pauses between 1 s and 2 s.
            if s.now >= second && s.now < 2 * second {
                if s.client.writableBytes > 0 { _ = transfer.stepWriterOnly(s) }
                return 2 * second
            }
            return transfer.step(s)
        }
        let client = sim.client.stats
        let server = sim.server.stats
        print("bounded memory: peak send buffer \(client.peakSendBuffered) B, peak reorder buffer \(server.peakReceiveBuffered) B (bounds 65536); writer pushed back \(refusedWrites) times; all \(transfer.read) B by \(ms(transfer.finishedAt ?? 0))")
        #expect(client.peakSendBuffered <= 64 * 1024)
        #expect(maxUnacked <= 64 * 1024)
        #expect(server.peakReceiveBuffered <= 64 * 1024)
        #expect(server.flowControlViolations == 0)
        #expect(refusedWrites > 0)
        #expect(transfer.read == transfer.total)
        #expect(!transfer.corrupt)
    }
}
