/// Secret bytes in memory of their own, wiped when the last reference goes away.
///
/// A class because the memory has to be wiped in `deinit`; copies of the reference share the
/// storage, and nothing here ever hands the bytes out except through the scoped accessors or
/// an explicit `exportedBytes()` whose caller takes over the duty to wipe.
public final class SecretBytes: @unchecked Sendable {
    public let count: Int
    private let base: UnsafeMutableRawPointer

    /// `count` zero bytes.
    public init(zeroedCount count: Int) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    }

    /// `count` random bytes.
    public convenience init(randomCount count: Int) {
        self.init(zeroedCount: count)
        SecureRandom.fill(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// A copy of `bytes`. The caller still owns (and should wipe) its own copy.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(zeroedCount: bytes.count)
        if let src = bytes.baseAddress, bytes.count > 0 { base.copyMemory(from: src, byteCount: bytes.count) }
    }

    public convenience init(copying bytes: [UInt8]) {
        self.init(zeroedCount: bytes.count)
        bytes.withUnsafeBytes { src in
            if let p = src.baseAddress, src.count > 0 { base.copyMemory(from: p, byteCount: src.count) }
        }
    }

    deinit {
        ConstantTime.wipe(UnsafeMutableRawBufferPointer(start: base, count: count))
        base.deallocate()
    }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// A plain copy, for writing a key file or a test. The caller must wipe it.
    public func exportedBytes() -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Constant-time equality of contents.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        withUnsafeBytes { a in other.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }
}
