import Glibc

/// Allocation probes for the steady-state tests of the packet path (test support only).
public enum HeapProbe {
    /// glibc's bytes in use (`mallinfo2().uordblks + hblkhd`, i.e. including mmapped chunks).
    /// Swift's Glibc module does not import `<malloc.h>`, so the function is resolved with dlsym;
    /// it returns its 80-byte struct through a hidden result pointer, which x86-64 passes in the
    /// first argument register — hence the architecture gate. The figure is process-wide: tests
    /// running in parallel disturb it (run the checks alone with SKYWIRE_ALLOCATION_CHECK=1).
    public static func bytesInUse() -> Int? {
        #if arch(x86_64)
        typealias MallInfo2 = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer
        guard let symbol = dlsym(nil, "mallinfo2") else { return nil }
        // struct mallinfo2 { size_t arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks,
        //                    uordblks, fordblks, keepcost; }
        var info: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &info) { _ = unsafeBitCast(symbol, to: MallInfo2.self)($0.baseAddress!) }
        return info.7 + info.4
        #else
        return nil
        #endif
    }

    /// Calls to malloc & co. so far *on this thread*, if a counting shim is preloaded
    /// (`LD_PRELOAD`, defining `skywire_thread_malloc_count`); nil otherwise. Per thread, so
    /// tests running in parallel do not disturb it.
    public static func threadMallocCalls() -> UInt64? {
        typealias Count = @convention(c) () -> UInt
        guard let symbol = dlsym(nil, "skywire_thread_malloc_count") else { return nil }
        return UInt64(unsafeBitCast(symbol, to: Count.self)())
    }

    /// Whether the exact (process-wide) heap checks should run.
    public static var exactCheckRequested: Bool { getenv("SKYWIRE_ALLOCATION_CHECK") != nil }
}
