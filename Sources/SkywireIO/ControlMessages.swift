import Glibc

/// Reading and writing ancillary data (cmsg) in a control buffer, as the CMSG_* macros do.
/// Swift cannot import those macros, so their arithmetic is spelled out here.
enum ControlMessages {
    /// CMSG_ALIGN: control messages are aligned to `size_t`.
    @inline(__always)
    static func align(_ length: Int) -> Int {
        let alignment = MemoryLayout<Int>.size
        return (length + alignment - 1) & ~(alignment - 1)
    }

    /// Offset of the payload in a control message: CMSG_LEN(0).
    static let headerSize = align(MemoryLayout<cmsghdr>.size)

    /// CMSG_SPACE(payload): the bytes one message with `payload` bytes occupies.
    @inline(__always)
    static func space(_ payload: Int) -> Int { headerSize + align(payload) }

    /// Control bytes each `UDPBatch` slot reserves: IPv6 and IPv4 packet info (a dual-stack
    /// socket can get both) plus UDP_GRO on receive; UDP_SEGMENT on send.
    static let slotCapacity = space(20) + space(12) + space(MemoryLayout<Int32>.size) + 32

    private static let levelOffset = MemoryLayout<cmsghdr>.offset(of: \cmsghdr.cmsg_level)!
    private static let typeOffset = MemoryLayout<cmsghdr>.offset(of: \cmsghdr.cmsg_type)!

    /// What a receive's control data says about one datagram.
    struct ReceiveInfo {
        /// The interface it arrived on (IP_PKTINFO / IPV6_PKTINFO), 0 if not reported.
        var interfaceIndex: UInt32 = 0
        /// The segment size of a coalesced (GRO) datagram, 0 if not coalesced.
        var segmentSize: UInt32 = 0
    }

    /// Walks the control messages in `buffer[0..<length]`.
    static func parseReceive(_ buffer: UnsafeRawPointer, length: Int) -> ReceiveInfo {
        var info = ReceiveInfo()
        var offset = 0
        while offset + headerSize <= length {
            let messageLength = buffer.loadUnaligned(fromByteOffset: offset, as: Int.self)
            guard messageLength >= headerSize, offset + messageLength <= length else { break }
            let level = buffer.loadUnaligned(fromByteOffset: offset + levelOffset, as: Int32.self)
            let type = buffer.loadUnaligned(fromByteOffset: offset + typeOffset, as: Int32.self)
            let payload = offset + headerSize
            let payloadLength = messageLength - headerSize
            if level == Int32(IPPROTO_IPV6), type == IPV6_PKTINFO, payloadLength >= 20 {
                info.interfaceIndex = buffer.loadUnaligned(
                    fromByteOffset: payload + LinuxCalls.ipv6PacketInfoInterfaceOffset, as: UInt32.self)
            } else if level == Int32(IPPROTO_IP), type == IP_PKTINFO, payloadLength >= 12 {
                let index = buffer.loadUnaligned(
                    fromByteOffset: payload + LinuxCalls.ipv4PacketInfoInterfaceOffset, as: Int32.self)
                if info.interfaceIndex == 0 { info.interfaceIndex = UInt32(bitPattern: index) }
            } else if level == LinuxCalls.levelUDP, type == LinuxCalls.udpGRO, payloadLength >= 4 {
                let size = buffer.loadUnaligned(fromByteOffset: payload, as: Int32.self)
                info.segmentSize = size > 0 ? UInt32(size) : 0
            }
            offset += align(messageLength)
        }
        return info
    }

    /// Writes one UDP_SEGMENT message (GSO segment size) and returns the control length to send.
    static func writeSegmentSize(_ size: UInt16, into buffer: UnsafeMutableRawPointer) -> Int {
        let total = space(MemoryLayout<UInt16>.size)
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: total)
        buffer.storeBytes(of: headerSize + MemoryLayout<UInt16>.size, as: Int.self)
        buffer.storeBytes(of: LinuxCalls.levelUDP, toByteOffset: levelOffset, as: Int32.self)
        buffer.storeBytes(of: LinuxCalls.udpSegment, toByteOffset: typeOffset, as: Int32.self)
        buffer.storeBytes(of: size, toByteOffset: headerSize, as: UInt16.self)
        return total
    }
}
