/// The 10-byte `struct virtio_net_hdr` that a TUN device opened with IFF_VNET_HDR puts before
/// every packet (legacy layout, host byte order). It tells whether the packet is a GSO
/// super-packet (one TCP packet of up to 64 KiB to be cut into `gsoSize`-byte segments) and
/// whether its transport checksum is still partial (`needsChecksum`).
public struct VirtioNetHeader: Equatable, Sendable {
    /// Bytes before every packet on a vnet-header TUN.
    public static let byteCount = 10

    /// How a GSO packet must be segmented (`gso_type` without its ECN bit).
    public enum SegmentationType: UInt8, Sendable {
        case none = 0
        case tcpv4 = 1
        case udp = 3
        case tcpv6 = 4
        case udpL4 = 5
    }

    /// VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum at `checksumStart + checksumOffset` holds only the
    /// pseudo-header sum; the rest must be summed from `checksumStart` to the end.
    public var needsChecksum: Bool
    /// VIRTIO_NET_HDR_F_DATA_VALID: the checksum was already verified (informational).
    public var dataValid: Bool
    /// The raw `gso_type` byte (low 7 bits: ``SegmentationType``; bit 7: ECN).
    public var gsoTypeByte: UInt8
    /// `hdr_len`: the kernel's idea of the header length (not trusted; recomputed).
    public var headerLength: UInt16
    /// `gso_size`: the payload bytes per segment.
    public var gsoSize: UInt16
    /// `csum_start`: where checksumming starts (the transport header).
    public var checksumStart: UInt16
    /// `csum_offset`: where, relative to `checksumStart`, the checksum field is.
    public var checksumOffset: UInt16

    /// A header that says "a complete, ordinary packet" (what the agent writes).
    public static let plain = VirtioNetHeader(
        needsChecksum: false, dataValid: false, gsoTypeByte: 0, headerLength: 0, gsoSize: 0,
        checksumStart: 0, checksumOffset: 0)

    public init(
        needsChecksum: Bool, dataValid: Bool, gsoTypeByte: UInt8, headerLength: UInt16, gsoSize: UInt16,
        checksumStart: UInt16, checksumOffset: UInt16
    ) {
        self.needsChecksum = needsChecksum
        self.dataValid = dataValid
        self.gsoTypeByte = gsoTypeByte
        self.headerLength = headerLength
        self.gsoSize = gsoSize
        self.checksumStart = checksumStart
        self.checksumOffset = checksumOffset
    }

    /// Decodes the first 10 bytes of `bytes`; `nil` when there are fewer.
    public init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= Self.byteCount else { return nil }
        let flags = bytes[0]
        needsChecksum = flags & 0x01 != 0
        dataValid = flags & 0x02 != 0
        gsoTypeByte = bytes[1]
        headerLength = bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)
        gsoSize = bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
        checksumStart = bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)
        checksumOffset = bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
    }

    /// The segmentation type, or `nil` for a value this code does not know.
    public var segmentationType: SegmentationType? { SegmentationType(rawValue: gsoTypeByte & 0x7F) }

    /// Writes the 10 bytes into the start of `out` (which must hold at least 10).
    public func encode(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= Self.byteCount, "virtio-net header needs 10 bytes")
        out[0] = (needsChecksum ? 0x01 : 0) | (dataValid ? 0x02 : 0)
        out[1] = gsoTypeByte
        out.storeBytes(of: headerLength, toByteOffset: 2, as: UInt16.self)
        out.storeBytes(of: gsoSize, toByteOffset: 4, as: UInt16.self)
        out.storeBytes(of: checksumStart, toByteOffset: 6, as: UInt16.self)
        out.storeBytes(of: checksumOffset, toByteOffset: 8, as: UInt16.self)
    }
}
