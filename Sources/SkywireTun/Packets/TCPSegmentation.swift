/// Cuts a TCP GSO super-packet (from a TUN with TSO offload) into ordinary packets of at most
/// `gsoSize` payload bytes each, as the kernel's `tcp_gso_segment` would: every segment gets
/// the IP and TCP headers, its own length, IPv4 id + i, sequence number + i·gsoSize, FIN and PSH
/// only on the last segment, CWR only on the first, and full IPv4 header and TCP checksums.
/// Sans-IO and total: bad headers give an ``OffloadError``.
public struct TCPSegmentation: Sendable {
    /// How many packets the super-packet becomes (at least 1).
    public let segmentCount: Int
    /// IP plus TCP header bytes, copied into every segment.
    public let headerLength: Int
    /// The IP header length (where TCP starts).
    public let ipHeaderLength: Int
    /// Payload bytes per segment (the last may have fewer).
    public let segmentSize: Int
    /// Payload bytes in the whole super-packet.
    public let payloadLength: Int
    private let isIPv4: Bool

    /// The largest segment: headers plus `segmentSize`.
    public var maximumSegmentLength: Int { headerLength + min(segmentSize, payloadLength) }

    /// Plans the segmentation of `packet` described by `header`.
    public init(header: VirtioNetHeader, packet: UnsafeRawBufferPointer) throws(OffloadError) {
        guard let type = header.segmentationType else { throw .unsupportedSegmentation(header.gsoTypeByte) }
        let ipv4: Bool
        switch type {
        case .tcpv4: ipv4 = true
        case .tcpv6: ipv4 = false
        case .none, .udp, .udpL4: throw .unsupportedSegmentation(header.gsoTypeByte)
        }
        guard header.gsoSize > 0 else { throw .malformedPacket("GSO size 0") }
        guard packet.count >= (ipv4 ? 20 : 40) else { throw .malformedPacket("shorter than the IP header") }
        let ipLength: Int
        if ipv4 {
            guard packet[0] >> 4 == 4, packet[9] == 6 else { throw .malformedPacket("TCPv4 GSO without IPv4/TCP") }
            ipLength = Int(packet[0] & 0x0F) * 4
            guard ipLength >= 20 else { throw .malformedPacket("IPv4 header length") }
        } else {
            guard packet[0] >> 4 == 6 else { throw .malformedPacket("TCPv6 GSO without IPv6") }
            // The kernel's own TCPv6 packets have no extension headers; trust csum_start only
            // when it says so too.
            guard packet[6] == 6 else { throw .malformedPacket("TCPv6 GSO with extension headers") }
            ipLength = 40
        }
        guard Int(header.checksumStart) == ipLength || !header.needsChecksum else {
            throw .malformedPacket("checksum start is not the TCP header")
        }
        guard ipLength + 20 <= packet.count else { throw .malformedPacket("shorter than the TCP header") }
        let tcpLength = Int(packet[ipLength + 12] >> 4) * 4
        guard tcpLength >= 20, ipLength + tcpLength <= packet.count else {
            throw .malformedPacket("TCP header length")
        }
        ipHeaderLength = ipLength
        headerLength = ipLength + tcpLength
        segmentSize = Int(header.gsoSize)
        payloadLength = packet.count - headerLength
        segmentCount = max(1, (payloadLength + segmentSize - 1) / segmentSize)
        isIPv4 = ipv4
        guard !ipv4 || maximumSegmentLength <= 65535 else { throw .malformedPacket("segment over 64 KiB") }
    }

    /// The length of segment `index` (headers plus its payload).
    public func segmentLength(_ index: Int) -> Int {
        let start = index * segmentSize
        return headerLength + max(0, min(segmentSize, payloadLength - start))
    }

    /// Writes segment `index` (0 ..< segmentCount) of `packet` into `out`; returns its length.
    public func writeSegment(
        _ index: Int, of packet: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer
    ) throws(OffloadError) -> Int {
        guard index >= 0, index < segmentCount, packet.count == headerLength + payloadLength else {
            throw .malformedPacket("segment index or packet does not match the plan")
        }
        let length = segmentLength(index)
        guard length <= out.count else { throw .segmentTooLarge(needed: length, capacity: out.count) }
        let base = out.baseAddress!
        base.copyMemory(from: packet.baseAddress!, byteCount: headerLength)
        let payloadStart = headerLength + index * segmentSize
        if length > headerLength {
            (base + headerLength).copyMemory(from: packet.baseAddress! + payloadStart, byteCount: length - headerLength)
        }
        let segment = UnsafeMutableRawBufferPointer(rebasing: out[0..<length])
        fixIPHeader(segment, index: index)
        fixTCPHeader(segment, index: index)
        return length
    }

    private func fixIPHeader(_ segment: UnsafeMutableRawBufferPointer, index: Int) {
        if isIPv4 {
            segment.storeBytes(of: UInt16(segment.count).bigEndian, toByteOffset: 2, as: UInt16.self)
            let id = UInt16(bigEndian: segment.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
            segment.storeBytes(of: (id &+ UInt16(truncatingIfNeeded: index)).bigEndian, toByteOffset: 4, as: UInt16.self)
            segment.storeBytes(of: UInt16(0), toByteOffset: 10, as: UInt16.self)
            let sum = InternetChecksum.of(UnsafeRawBufferPointer(rebasing: segment[0..<ipHeaderLength]))
            segment.storeBytes(of: sum.bigEndian, toByteOffset: 10, as: UInt16.self)
        } else {
            segment.storeBytes(of: UInt16(segment.count - 40).bigEndian, toByteOffset: 4, as: UInt16.self)
        }
    }

    private func fixTCPHeader(_ segment: UnsafeMutableRawBufferPointer, index: Int) {
        let tcp = ipHeaderLength
        let sequence = UInt32(bigEndian: segment.loadUnaligned(fromByteOffset: tcp + 4, as: UInt32.self))
        let advanced = sequence &+ UInt32(truncatingIfNeeded: index &* segmentSize)
        segment.storeBytes(of: advanced.bigEndian, toByteOffset: tcp + 4, as: UInt32.self)
        var flags = segment[tcp + 13]
        if index != segmentCount - 1 { flags &= ~UInt8(0x09) }  // FIN, PSH only on the last
        if index != 0 { flags &= ~UInt8(0x80) }                // CWR only on the first
        segment[tcp + 13] = flags
        segment.storeBytes(of: UInt16(0), toByteOffset: tcp + 16, as: UInt16.self)
        var checksum = InternetChecksum()
        let addressLength = isIPv4 ? 4 : 16
        let addresses = isIPv4 ? 12 : 8
        checksum.addPseudoHeader(
            source: UnsafeRawBufferPointer(rebasing: segment[addresses..<addresses + addressLength]),
            destination: UnsafeRawBufferPointer(
                rebasing: segment[addresses + addressLength..<addresses + 2 * addressLength]),
            proto: 6, length: segment.count - tcp)
        checksum.add(UnsafeRawBufferPointer(rebasing: segment[tcp...]))
        segment.storeBytes(of: checksum.value.bigEndian, toByteOffset: tcp + 16, as: UInt16.self)
    }
}
