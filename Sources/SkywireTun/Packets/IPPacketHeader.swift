import SkywireIO

/// The fields of an IPv4 or IPv6 header that the mesh needs to route a packet: version,
/// addresses, transport protocol and length. Parsing is sans-IO and total.
///
/// Validation: the version is 4 or 6; an IPv4 header is at least 5 words and fits the packet;
/// the length field (IPv4 total length, IPv6 40 + payload length) is at least the header and at
/// most the bytes received (a link may pad; bytes beyond it are ignored). IPv6 jumbograms
/// (payload length 0) are rejected. The IPv4 header checksum is reported, not enforced.
public struct IPPacketHeader: Equatable, Sendable {
    public enum Version: UInt8, Sendable {
        case v4 = 4
        case v6 = 6
    }

    public let version: Version
    public let source: IPHostAddress
    public let destination: IPHostAddress
    /// The transport protocol: IPv4's protocol field; for IPv6 the next header after any
    /// hop-by-hop, routing, fragment and destination-options headers (so TCP is 6 either way).
    public let transportProtocol: UInt8
    /// The packet's length according to its header (≤ the bytes received).
    public let totalLength: Int
    /// Where the transport header starts (IPv4 header length; IPv6 40 + extension headers).
    public let transportOffset: Int
    /// IPv4: the header checksum verifies. IPv6 (no header checksum): always true.
    public let headerChecksumValid: Bool

    /// Parses the header at the start of `packet`.
    public init(parsing packet: UnsafeRawBufferPointer) throws(IPPacketError) {
        guard packet.count >= 1 else { throw .truncated(0) }
        let versionNibble = packet[0] >> 4
        switch versionNibble {
        case 4: try self.init(ipv4: packet)
        case 6: try self.init(ipv6: packet)
        default: throw .unknownVersion(versionNibble)
        }
    }

    /// Parses `packet` held in an array (tests and control plane).
    public init(parsing packet: [UInt8]) throws(IPPacketError) {
        let result: Result<IPPacketHeader, IPPacketError> = packet.withUnsafeBytes { raw in
            Result { () throws(IPPacketError) in try IPPacketHeader(parsing: raw) }
        }
        self = try result.get()
    }

    private init(ipv4 packet: UnsafeRawBufferPointer) throws(IPPacketError) {
        guard packet.count >= 20 else { throw .truncated(packet.count) }
        let headerLength = Int(packet[0] & 0x0F) * 4
        guard headerLength >= 20, headerLength <= packet.count else { throw .invalidHeaderLength(headerLength) }
        let total = Int(UInt16(bigEndian: packet.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        guard total >= headerLength, total <= packet.count else {
            throw .invalidTotalLength(declared: total, received: packet.count)
        }
        version = .v4
        source = IPHostAddress(bytes: UnsafeRawBufferPointer(rebasing: packet[12..<16]))!
        destination = IPHostAddress(bytes: UnsafeRawBufferPointer(rebasing: packet[16..<20]))!
        transportProtocol = packet[9]
        totalLength = total
        transportOffset = headerLength
        headerChecksumValid = InternetChecksum.of(UnsafeRawBufferPointer(rebasing: packet[0..<headerLength])) == 0
    }

    private init(ipv6 packet: UnsafeRawBufferPointer) throws(IPPacketError) {
        guard packet.count >= 40 else { throw .truncated(packet.count) }
        let payload = Int(UInt16(bigEndian: packet.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        let total = 40 + payload
        guard payload > 0 || packet[6] != 0, total <= packet.count else {
            throw .invalidTotalLength(declared: total, received: packet.count)
        }
        var next = packet[6]
        var offset = 40
        // Walk the extension headers the transport follows; stop at anything else.
        while Self.isWalkedExtension(next) {
            guard offset + 8 <= total else { throw .truncatedExtensionHeader }
            let length = next == 44 ? 8 : (Int(packet[offset + 1]) + 1) * 8
            guard offset + length <= total else { throw .truncatedExtensionHeader }
            next = packet[offset]
            offset += length
        }
        version = .v6
        source = IPHostAddress(bytes: UnsafeRawBufferPointer(rebasing: packet[8..<24]))!
        destination = IPHostAddress(bytes: UnsafeRawBufferPointer(rebasing: packet[24..<40]))!
        transportProtocol = next
        totalLength = total
        transportOffset = offset
        headerChecksumValid = true
    }

    /// Hop-by-hop (0), routing (43), fragment (44), destination options (60).
    private static func isWalkedExtension(_ header: UInt8) -> Bool {
        header == 0 || header == 43 || header == 44 || header == 60
    }
}
