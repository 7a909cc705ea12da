import SkywireCrypto

/// Reads big-endian fields from a borrowed byte buffer. Every read checks the remaining length
/// and throws `WireError.truncated` instead of reading past the end.
///
/// The reader borrows its buffer: use it only inside the scope that owns the bytes.
public struct ByteReader {
    public let buffer: UnsafeRawBufferPointer
    public private(set) var offset: Int = 0

    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    public var remaining: Int { buffer.count - offset }
    public var isAtEnd: Bool { offset == buffer.count }

    @inline(__always)
    mutating func need(_ n: Int) throws(WireError) {
        guard n >= 0, n <= remaining else { throw .truncated(needed: n, remaining: remaining) }
    }

    public mutating func u8() throws(WireError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return buffer[offset]
    }

    public mutating func u16() throws(WireError) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    public mutating func u32() throws(WireError) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    public mutating func u64() throws(WireError) -> UInt64 {
        try need(8)
        defer { offset += 8 }
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The next `n` bytes as a view into the same buffer (no copy).
    public mutating func bytes(_ n: Int) throws(WireError) -> UnsafeRawBufferPointer {
        try need(n)
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + n])
    }

    /// Everything that is left, as a view.
    public mutating func rest() -> UnsafeRawBufferPointer {
        defer { offset = buffer.count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset...])
    }

    /// A 33-byte compressed secp256k1 public key, validated.
    public mutating func publicKey() throws(WireError) -> PublicKey {
        let raw = try bytes(PublicKey.byteCount)
        do throws(CryptoError) {
            return try PublicKey(compressed: raw)
        } catch {
            throw .invalidPublicKey
        }
    }

    /// Fails with `.trailingBytes` unless the whole buffer was consumed.
    public func expectEnd() throws(WireError) {
        guard isAtEnd else { throw .trailingBytes(remaining) }
    }
}
