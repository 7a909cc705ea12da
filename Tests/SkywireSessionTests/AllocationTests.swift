import Glibc
import Testing
@testable import SkywireSession

/// glibc's bytes in use (`mallinfo2().uordblks + hblkhd`), through dlsym (Swift's Glibc module
/// does not import <malloc.h>). x86-64 only.
private func heapBytesInUse() -> Int? {
    #if arch(x86_64)
    typealias MallInfo2 = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer
    guard let symbol = dlsym(nil, "mallinfo2") else { return nil }
    var info: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &info) { _ = unsafeBitCast(symbol, to: MallInfo2.self)($0.baseAddress!) }
    return info.7 + info.4
    #else
    return nil
    #endif
}

/// malloc calls on this thread so far, if a counting shim is preloaded (`LD_PRELOAD`, defining
/// `skywire_thread_malloc_count`); nil otherwise.
private func mallocCalls() -> UInt64? {
    typealias Count = @convention(c) () -> UInt
    guard let symbol = dlsym(nil, "skywire_thread_malloc_count") else { return nil }
    return UInt64(unsafeBitCast(symbol, to: Count.self)())
}

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
        let before = heapBytesInUse()
        let callsBefore = mallocCalls()
        cycles(10_000)
        let callsAfter = mallocCalls()
        let after = heapBytesInUse()
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
        if getenv("SKYWIRE_ALLOCATION_CHECK") != nil, let before, let after {
            #expect(after - before < 4_096, "heap grew by \(after - before) bytes")
        }
    }
}
