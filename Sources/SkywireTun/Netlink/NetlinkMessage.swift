/// Netlink message encoding and decoding, sans-IO. Netlink uses the host's byte order; every
/// message is `nlmsghdr (16) ‖ payload`, every attribute `len (2) ‖ type (2) ‖ value`, both
/// padded to 4 bytes. Layouts are checked in `Sources/CSkywireLinux/tun_netlink.c`.
enum Netlink {
    static let headerLength = 16
    static let attributeHeaderLength = 4
    static let typeError: UInt16 = 2            // NLMSG_ERROR
    static let typeDone: UInt16 = 3             // NLMSG_DONE
    static let flagRequest: UInt16 = 0x001      // NLM_F_REQUEST
    static let flagAck: UInt16 = 0x004          // NLM_F_ACK
    static let flagReplace: UInt16 = 0x100      // NLM_F_REPLACE
    static let flagExclusive: UInt16 = 0x200    // NLM_F_EXCL
    static let flagCreate: UInt16 = 0x400       // NLM_F_CREATE
    static let flagCapped: UInt16 = 0x100       // NLM_F_CAPPED (in an error message)
    static let flagAckTLVs: UInt16 = 0x200      // NLM_F_ACK_TLVS (in an error message)
    static let errorAttributeMessage: UInt16 = 1  // NLMSGERR_ATTR_MSG

    static func aligned(_ n: Int) -> Int { (n + 3) & ~3 }
}

/// Builds one netlink request: the header, a fixed family header, then attributes.
struct NetlinkRequest {
    private(set) var bytes: [UInt8]

    init(type: UInt16, flags: UInt16, sequence: UInt32) {
        bytes = []
        bytes.reserveCapacity(128)
        append(UInt32(0))  // length, set by `finished`
        append(type)
        append(flags | Netlink.flagRequest)
        append(sequence)
        append(UInt32(0))  // port id: the kernel fills it in
    }

    /// Appends an integer in host byte order.
    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Appends attribute `type` with `value`, padded to 4 bytes.
    mutating func attribute(_ type: UInt16, _ value: [UInt8]) {
        append(UInt16(Netlink.attributeHeaderLength + value.count))
        append(type)
        append(value)
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    /// Appends attribute `type` holding the attributes `body` appends (NLA_F_NESTED is not set,
    /// as iproute2 does not set it for IFLA_AF_SPEC).
    mutating func nested(_ type: UInt16, _ body: (inout NetlinkRequest) -> Void) {
        let start = bytes.count
        append(UInt16(0))
        append(type)
        body(&self)
        let length = UInt16(bytes.count - start)
        withUnsafeBytes(of: length) { bytes[start] = $0[0]; bytes[start + 1] = $0[1] }
    }

    /// Appends a host-order 32-bit attribute.
    mutating func attribute(_ type: UInt16, u32 value: UInt32) {
        attribute(type, withUnsafeBytes(of: value) { Array($0) })
    }

    /// The message with its length filled in.
    var finished: [UInt8] {
        var out = bytes
        withUnsafeBytes(of: UInt32(out.count)) { length in
            for i in 0..<4 { out[i] = length[i] }
        }
        return out
    }
}

/// The kernel's answer to one request, found among the messages of a receive buffer.
enum NetlinkAcknowledgement: Equatable {
    case success
    case failure(errno: Int32, message: String?)
}

enum NetlinkReply {
    /// Looks through the messages in `buffer` for the NLMSG_ERROR answering `sequence`;
    /// `nil` when this buffer does not hold it. Total: bad lengths throw.
    static func acknowledgement(
        in buffer: UnsafeRawBufferPointer, sequence: UInt32
    ) throws(NetlinkError) -> NetlinkAcknowledgement? {
        var offset = 0
        while offset + Netlink.headerLength <= buffer.count {
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            guard length >= Netlink.headerLength, length <= buffer.count - offset else {
                throw .malformedReply("message length \(length) with \(buffer.count - offset) bytes left")
            }
            let type = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self)
            let flags = buffer.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)
            let messageSequence = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            if type == Netlink.typeError, messageSequence == sequence {
                let payload = UnsafeRawBufferPointer(
                    rebasing: buffer[(offset + Netlink.headerLength)..<(offset + length)])
                return try decodeError(payload, flags: flags)
            }
            offset += min(Netlink.aligned(length), buffer.count - offset)
        }
        guard offset == buffer.count else { throw .malformedReply("\(buffer.count - offset) stray bytes") }
        return nil
    }

    /// `nlmsgerr`: error (i32) ‖ the request's header (‖ its payload unless capped) ‖ TLVs.
    private static func decodeError(
        _ payload: UnsafeRawBufferPointer, flags: UInt16
    ) throws(NetlinkError) -> NetlinkAcknowledgement {
        guard payload.count >= 4 + Netlink.headerLength else { throw .malformedReply("short error message") }
        let code = payload.loadUnaligned(as: Int32.self)
        if code == 0 { return .success }
        guard code < 0, code > -4096 else { throw .malformedReply("error code \(code)") }
        var message: String?
        if flags & Netlink.flagAckTLVs != 0 {
            let echoed = Int(payload.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let echoLength = flags & Netlink.flagCapped != 0 ? Netlink.headerLength : Netlink.aligned(echoed)
            let start = 4 + echoLength
            if echoLength >= Netlink.headerLength, start <= payload.count {
                message = extendedAckMessage(UnsafeRawBufferPointer(rebasing: payload[start...]))
            }
        }
        return .failure(errno: -code, message: message)
    }

    /// The text of NLMSGERR_ATTR_MSG among the attributes, if present and well formed.
    private static func extendedAckMessage(_ attributes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset + Netlink.attributeHeaderLength <= attributes.count {
            let length = Int(attributes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            let type = attributes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self) & 0x3FFF
            guard length >= Netlink.attributeHeaderLength, length <= attributes.count - offset else { return nil }
            if type == Netlink.errorAttributeMessage {
                let value = attributes[(offset + Netlink.attributeHeaderLength)..<(offset + length)]
                return String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
            }
            offset += Netlink.aligned(length)
        }
        return nil
    }
}
