import Glibc
import SkywireCrypto
import SkywireLink
import SkywireTestSupport
import Testing

@Suite struct AllocationTests {
    /// 20,000 steady-state round trips (send a frame, receive it, deliver it, with the echoes,
    /// reports and keepalives in between) leave the heap where it was: queues and buffers are
    /// reused.
    ///
    /// glibc's bytes-in-use is process-wide, so other tests running in parallel disturb it:
    /// that check runs only with `SKYWIRE_ALLOCATION_CHECK=1` and this test alone
    /// (`--filter steadyStateDataPath`). With a per-thread malloc-counting shim preloaded, an
    /// optimised build must make no allocation at all in the 20,000 cycles.
    @Test func steadyStateDataPathRetainsNothing() throws {
        let pathToA = PathAddress(interface: 1, endpoint: .ipv4(address: 0x0A00_0001, port: 7000))
        let pathToB = PathAddress(interface: 1, endpoint: .ipv4(address: 0x0A00_0002, port: 7000))
        var now: UInt64 = second
        let a = LinkManager(identity: .generate(), config: .default, now: now, wallClockAtNow: 1 << 60)
        let b = LinkManager(identity: .generate(), config: .default, now: now, wallClockAtNow: 1 << 60)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
        defer { scratch.deallocate() }
        var delivered = 0

        func move(from: LinkManager, to: LinkManager, arrivingFrom: PathAddress) {
            from.drainOutgoing { bytes, _ in
                let copy = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<bytes.count])
                copy.copyMemory(from: bytes)
                to.receive(copy, from: arrivingFrom, now: now)
            }
        }
        func exchange() {
            for _ in 0..<3 {
                move(from: a, to: b, arrivingFrom: pathToA)
                move(from: b, to: a, arrivingFrom: pathToB)
            }
            b.drainDelivered { _, _, frame in delivered += frame.count > 0 ? 1 : 0 }
            a.drainEvents { _ in }
            b.drainEvents { _ in }
        }
        a.addStaticPeer(b.localKey, at: pathToB, now: now)
        exchange()
        #expect(a.snapshot(now: now).first?.isUp == true)

        let frame: [UInt8] = [0xA0, 0, 4, 1, 2, 3, 4]
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: frame.count, alignment: 1)
        defer { payload.deallocate() }
        payload.copyBytes(from: frame)
        func cycles(_ n: Int) {
            for _ in 0..<n {
                now += millisecond
                _ = a.send(frames: UnsafeRawBufferPointer(payload), to: b.localKey, now: now)
                if let d = a.nextDeadline, d <= now { a.tick(now: now) }
                if let d = b.nextDeadline, d <= now { b.tick(now: now) }
                exchange()
            }
        }
        cycles(2_000)
        let before = HeapProbe.bytesInUse()
        let callsBefore = HeapProbe.threadMallocCalls()
        cycles(20_000)
        let callsAfter = HeapProbe.threadMallocCalls()
        let after = HeapProbe.bytesInUse()
        if let callsBefore, let callsAfter {
            print("malloc calls over 20,000 cycles: \(callsAfter - callsBefore)")
            #if !DEBUG
            // Optimised code: no allocation at all on the data path (debug builds box closures).
            #expect(callsAfter == callsBefore)
            #endif
        }
        #expect(delivered == 22_000)
        #expect(a.snapshot(now: now).first?.links.first?.state == .up)
        if HeapProbe.exactCheckRequested, let before, let after {
            #expect(after - before < 4_096, "heap grew by \(after - before) bytes")
        }
    }
}
