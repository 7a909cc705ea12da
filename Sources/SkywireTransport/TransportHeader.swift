/// The 16-byte header of a transport data packet. All integers big-endian.
///
///     offset size field
///     0      1    type            set by the link layer; authenticated
///     1      1    key epoch       low 8 bits of the sender's key epoch
///     2      2    flags/reserved  sender sets 0; receiver rejects anything else
///     4      4    receiver index  chosen by the receiver during the handshake
///     8      8    counter         never repeats in one direction of a session
///     16     n    ciphertext      ChaCha20-Poly1305 of the payload
///     16+n   16   tag
///
/// The AEAD's associated data is the whole header; its nonce is 4 zero bytes ‖ LE64(counter).
public enum TransportHeader {
    /// Header size, and the offset of the payload.
    public static let byteCount = 16
    /// Header + tag: the bytes a packet adds to its payload.
    public static let overhead = byteCount + tagByteCount
    /// The Poly1305 tag size.
    public static let tagByteCount = 16

    static let typeOffset = 0
    static let epochOffset = 1
    static let flagsOffset = 2
    static let receiverIndexOffset = 4
    static let counterOffset = 8

    /// The fields of a header, read without any check but length.
    public struct Fields: Equatable, Sendable {
        public var type: UInt8
        public var epoch: UInt8
        public var flags: UInt16
        public var receiverIndex: UInt32
        public var counter: UInt64

        public init(type: UInt8, epoch: UInt8, flags: UInt16, receiverIndex: UInt32, counter: UInt64) {
            self.type = type
            self.epoch = epoch
            self.flags = flags
            self.receiverIndex = receiverIndex
            self.counter = counter
        }
    }

    /// Writes `fields` into the first 16 bytes at `base` (which must hold them).
    @inline(__always)
    static func write(_ fields: Fields, to base: UnsafeMutableRawPointer) {
        base.storeBytes(of: fields.type, toByteOffset: typeOffset, as: UInt8.self)
        base.storeBytes(of: fields.epoch, toByteOffset: epochOffset, as: UInt8.self)
        base.storeBytes(of: fields.flags.bigEndian, toByteOffset: flagsOffset, as: UInt16.self)
        base.storeBytes(of: fields.receiverIndex.bigEndian, toByteOffset: receiverIndexOffset, as: UInt32.self)
        base.storeBytes(of: fields.counter.bigEndian, toByteOffset: counterOffset, as: UInt64.self)
    }

    /// Reads the 16 header bytes at `base` (which must hold them).
    @inline(__always)
    static func read(from base: UnsafeRawPointer) -> Fields {
        Fields(
            type: base.load(fromByteOffset: typeOffset, as: UInt8.self),
            epoch: base.load(fromByteOffset: epochOffset, as: UInt8.self),
            flags: UInt16(bigEndian: base.loadUnaligned(fromByteOffset: flagsOffset, as: UInt16.self)),
            receiverIndex: UInt32(bigEndian: base.loadUnaligned(fromByteOffset: receiverIndexOffset, as: UInt32.self)),
            counter: UInt64(bigEndian: base.loadUnaligned(fromByteOffset: counterOffset, as: UInt64.self))
        )
    }

    /// The header fields of `packet`, or `.packetTooShort` if it cannot hold header and tag.
    public static func parse(_ packet: UnsafeRawBufferPointer) throws(TransportError) -> Fields {
        guard packet.count >= overhead, let base = packet.baseAddress else {
            throw .packetTooShort(length: packet.count)
        }
        return read(from: base)
    }
}
