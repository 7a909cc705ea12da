import Glibc
import SkywireTestSupport
import Testing
@testable import SkywireSession

@Suite struct AllocationTests {
    /// Steady state: both sides stream to each other over two routes, every packet moved
    /// through caller-owned buffers. After a warm-up the
    /// heap does not grow (checked with `SKYWIRE_ALLOCATION_CHECK=1`, this test alone, as
    /// glibc's figure is process-wide); with a per-thread malloc-counting shim preloaded, an
    /// optimised build makes no allocation at all.
    @Test func steadyStateStreamingRetainsNothing() throws {
        let pair = try SessionPair()
        let client = pair.client
        let server = pair.server
        var now: UInt64 = 0
        for session in [client, server] {
            session.addRoute(RouteID(1), now: now)
            session.addRoute(RouteID(2), now: now)
        }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer {
            scratch.deallocate()
            chunk.deallocate()
        }
        chunk.initializeMemory(as: UInt8.self, repeating: 0x5A)
        var received = 0

        func move(from: Session, to: Session) {
            from.drainOutgoing(now: now) { route, bytes in
                let copy = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<bytes.count])
                copy.copyMemory(from: bytes)
                try? to.receive(packet: copy, on: route, now: now)
            }
        }
        func cycles(_ n: Int) {
            for _ in 0..<n {
                now += 200_000
                _ = try? client.write(UnsafeRawBufferPointer(chunk))
                _ = try? server.write(UnsafeRawBufferPointer(rebasing: chunk[0..<512]))
                if let d = client.nextDeadline, d <= now { client.tick(now: now) }
                if let d = server.nextDeadline, d <= now { server.tick(now: now) }
                move(from: client, to: server)
                move(from: server, to: client)
                received += server.read(into: chunk, now: now)
                _ = client.read(into: scratch, now: now)
            }
        }
        cycles(3_000)
        let before = HeapProbe.bytesInUse()
        let callsBefore = HeapProbe.threadMallocCalls()
        cycles(10_000)
        let callsAfter = HeapProbe.threadMallocCalls()
        let after = HeapProbe.bytesInUse()
        if let callsBefore, let callsAfter {
            print("malloc calls over 10,000 steady-state cycles: \(callsAfter - callsBefore)")
            #if !DEBUG
            #expect(callsAfter == callsBefore)
            #endif
        }
        #expect(received > 10_000_000)
        print("steady state: \(received) B received; packets per route \(client.stats.routes.map(\.packetsSent))")
        let allLive = client.stats.routes.allSatisfy { $0.isLive }
        #expect(allLive)
        if HeapProbe.exactCheckRequested, let before, let after {
            #expect(after - before < 4_096, "heap grew by \(after - before) bytes")
        }
    }
}
