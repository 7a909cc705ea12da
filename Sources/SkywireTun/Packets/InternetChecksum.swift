/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
/// big-endian 16-bit words. Sans-IO and total; used for IPv4 headers and TCP/UDP/ICMP.
public struct InternetChecksum: Sendable {
    private var sum: UInt64 = 0

    public init() {}

    /// Adds `bytes` (an odd trailing byte is padded with zero, so only the last call may be odd).
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        var partial: UInt64 = 0
        // 32-bit big-endian words: their sum folds to the same 16-bit result.
        while index + 4 <= count {
            partial &+= UInt64(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
            index += 4
        }
        if index + 2 <= count {
            partial &+= UInt64(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt16.self)))
            index += 2
        }
        if index < count { partial &+= UInt64(bytes[index]) << 8 }
        add(partial)
    }

    /// Adds a 16-bit word.
    public mutating func add(_ word: UInt16) { add(UInt64(word)) }

    /// Adds a 32-bit value as two 16-bit words.
    public mutating func add(_ word: UInt32) { add(UInt64(word)) }

    private mutating func add(_ value: UInt64) {
        // Fold before adding so the 64-bit sum can never overflow.
        sum = UInt64(Self.fold(sum)) + UInt64(Self.fold(value))
    }

    /// The folded sum, not inverted.
    public var folded: UInt16 { Self.fold(sum) }

    /// The checksum to store: the inverted folded sum.
    public var value: UInt16 { ~folded }

    private static func fold(_ value: UInt64) -> UInt16 {
        var v = (value & 0xFFFF_FFFF) + (value >> 32)
        v = (v & 0xFFFF_FFFF) + (v >> 32)
        v = (v & 0xFFFF) + (v >> 16)
        v = (v & 0xFFFF) + (v >> 16)
        v = (v & 0xFFFF) + (v >> 16)
        return UInt16(truncatingIfNeeded: v)
    }

    /// The checksum of `bytes` alone.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var checksum = InternetChecksum()
        checksum.add(bytes)
        return checksum.value
    }

    /// Adds the TCP/UDP/ICMPv6 pseudo-header for `source` → `destination` (both 4 or both
    /// 16 bytes), transport protocol `proto` and transport length `length`.
    public mutating func addPseudoHeader(
        source: UnsafeRawBufferPointer, destination: UnsafeRawBufferPointer, proto: UInt8, length: Int
    ) {
        add(source)
        add(destination)
        add(UInt32(truncatingIfNeeded: length))
        add(UInt16(proto))
    }
}
