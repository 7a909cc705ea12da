internal import CSodium

/// libsodium initialisation, done once per process before any other call.
enum Sodium {
    /// `sodium_init()` returns 0 on first success, 1 when already initialised, -1 on failure.
    static let ready: Bool = sodium_init() >= 0

    @inline(__always)
    static func ensure() {
        // Without a randomness source nothing in this module is safe; stop loudly, once.
        precondition(ready, "libsodium could not be initialised")
    }
}

/// Cryptographically secure random bytes (libsodium's `randombytes_buf`: getrandom(2) on Linux).
public enum SecureRandom {
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        Sodium.ensure()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    public static func uint64() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }

    public static func uint32() -> UInt32 {
        Sodium.ensure()
        return randombytes_random()
    }
}

/// Comparisons and wiping that do not leak through timing or dead-store elimination.
public enum ConstantTime {
    /// Equal lengths and equal bytes, in time that depends only on the length.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return sodium_memcmp(pa, pb, a.count) == 0
    }

    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }

    /// Overwrites the bytes with zeros; the compiler cannot drop this store.
    public static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }

    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0) }
    }
}
