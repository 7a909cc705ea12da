internal import CSkywireShims

/// Netlink messages and attributes, decoded in Swift from the bytes the kernel sent.
///
/// Netlink uses the host's byte order. Every decoder here is total: a length that runs past the
/// end, or a header too short, is a `RadioError.malformedReply`, never a trap. The structure
/// layouts are checked against the C headers in CSkywireShims/shims.c.
enum NetlinkWire {
    static let headerLength = Int(CSkywireShims_netlinkHeaderLength)  // NLMSG_HDRLEN, 16
    static let genericHeaderLength = Int(CSkywireShims_genericHeaderLength)  // GENL_HDRLEN, 4
    static let attributeHeaderLength = Int(CSkywireShims_attributeHeaderLength)  // NLA_HDRLEN, 4
    static let attributeTypeMask = UInt16(truncatingIfNeeded: CSkywireShims_attributeTypeMask)  // NLA_TYPE_MASK, 0x3FFF

    // Message types and flags (<linux/netlink.h>).
    static let typeNoop: UInt16 = 1
    static let typeError: UInt16 = 2
    static let typeDone: UInt16 = 3
    static let typeOverrun: UInt16 = 4
    static let flagMulti: UInt16 = 0x2
    static let flagDumpInterrupted: UInt16 = 0x10
    static let flagCapped: UInt16 = 0x100
    static let flagAckTLVs: UInt16 = 0x200
    static let extendedAckMessage: UInt16 = 1  // NLMSGERR_ATTR_MSG

    /// Rounds up to the 4-byte netlink alignment.
    static func aligned(_ n: Int) -> Int { (n + 3) & ~3 }

    /// Reads a host-order integer at `offset` (relative to the slice's start); nil if it runs past.
    static func load<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, at offset: Int, as: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset + size <= bytes.count else { return nil }
        var value: T = 0
        let start = bytes.startIndex + offset
        withUnsafeMutableBytes(of: &value) { out in
            for i in 0..<size { out[i] = bytes[start + i] }
        }
        return value
    }

    /// Splits a receive buffer into its messages.
    static func messages(in bytes: [UInt8]) throws(RadioError) -> [NetlinkMessage] {
        var result: [NetlinkMessage] = []
        var offset = 0
        let all = bytes[...]
        while offset < bytes.count {
            let slice = all[(all.startIndex + offset)...]
            guard let length = load(slice, at: 0, as: UInt32.self),
                  let type = load(slice, at: 4, as: UInt16.self),
                  let flags = load(slice, at: 6, as: UInt16.self),
                  let sequence = load(slice, at: 8, as: UInt32.self)
            else { throw .malformedReply("netlink header truncated (\(bytes.count - offset) bytes left)") }
            guard Int(length) >= headerLength, Int(length) <= slice.count else {
                throw .malformedReply("netlink message length \(length) with \(slice.count) bytes left")
            }
            let payload = slice[(slice.startIndex + headerLength)..<(slice.startIndex + Int(length))]
            result.append(NetlinkMessage(type: type, flags: flags, sequence: sequence, payload: payload))
            offset += min(aligned(Int(length)), slice.count)
        }
        return result
    }

    /// Decodes the payload of an NLMSG_ERROR message: the errno (0 for an acknowledgement, else a
    /// negative errno) and the kernel's extended-ack text, if any.
    static func acknowledgement(_ message: NetlinkMessage) throws(RadioError) -> (error: Int32, text: String) {
        guard let error = load(message.payload, at: 0, as: Int32.self) else {
            throw .malformedReply("netlink error message truncated")
        }
        guard message.flags & flagAckTLVs != 0 else { return (error, "") }
        // After the error code comes the request's header, with its payload unless capped.
        var tlvOffset = 4 + headerLength
        if message.flags & flagCapped == 0 {
            guard let requestLength = load(message.payload, at: 4, as: UInt32.self) else { return (error, "") }
            tlvOffset = 4 + aligned(Int(requestLength))
        }
        guard tlvOffset <= message.payload.count else { return (error, "") }
        let tlvs = message.payload[(message.payload.startIndex + tlvOffset)...]
        let attributes = try NetlinkAttributes(tlvs)
        return (error, attributes.string(extendedAckMessage) ?? "")
    }
}

/// One netlink message; `payload` is everything after the 16-byte header.
struct NetlinkMessage {
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    var payload: ArraySlice<UInt8>

    /// For a generic-netlink message: the command byte of its genlmsghdr.
    var genericCommand: UInt8? { payload.first }

    /// For a generic-netlink message: its attributes (after the genlmsghdr).
    func genericAttributes() throws(RadioError) -> NetlinkAttributes {
        guard payload.count >= NetlinkWire.genericHeaderLength else {
            throw .malformedReply("generic netlink header truncated")
        }
        return try NetlinkAttributes(payload[(payload.startIndex + NetlinkWire.genericHeaderLength)...])
    }
}

/// One attribute: its type (flag bits removed) and its value bytes.
struct NetlinkAttribute {
    var type: UInt16
    var value: ArraySlice<UInt8>
}

/// A decoded attribute list, in wire order, with typed accessors. An accessor returns nil when
/// the attribute is absent and throws when it is present with the wrong size.
struct NetlinkAttributes {
    var all: [NetlinkAttribute]

    init(_ bytes: ArraySlice<UInt8>) throws(RadioError) {
        all = []
        var offset = 0
        while offset < bytes.count {
            guard let length = NetlinkWire.load(bytes, at: offset, as: UInt16.self),
                  let rawType = NetlinkWire.load(bytes, at: offset + 2, as: UInt16.self)
            else { throw .malformedReply("attribute header truncated (\(bytes.count - offset) bytes left)") }
            guard Int(length) >= NetlinkWire.attributeHeaderLength, offset + Int(length) <= bytes.count else {
                throw .malformedReply("attribute length \(length) with \(bytes.count - offset) bytes left")
            }
            let start = bytes.startIndex + offset
            all.append(NetlinkAttribute(
                type: rawType & NetlinkWire.attributeTypeMask,
                value: bytes[(start + NetlinkWire.attributeHeaderLength)..<(start + Int(length))]))
            // The last attribute's padding may be cut off by the message length.
            offset = min(offset + NetlinkWire.aligned(Int(length)), bytes.count)
        }
    }

    init(attributes: [NetlinkAttribute]) { all = attributes }

    func value(_ type: UInt16) -> ArraySlice<UInt8>? {
        all.first(where: { $0.type == type })?.value
    }

    func has(_ type: UInt16) -> Bool { all.contains(where: { $0.type == type }) }

    func integer<T: FixedWidthInteger>(_ type: UInt16, as: T.Type) throws(RadioError) -> T? {
        guard let v = value(type) else { return nil }
        guard v.count == MemoryLayout<T>.size, let x = NetlinkWire.load(v, at: 0, as: T.self) else {
            throw .malformedReply("attribute \(type) has \(v.count) bytes, expected \(MemoryLayout<T>.size)")
        }
        return x
    }

    func u8(_ type: UInt16) throws(RadioError) -> UInt8? { try integer(type, as: UInt8.self) }
    func u16(_ type: UInt16) throws(RadioError) -> UInt16? { try integer(type, as: UInt16.self) }
    func u32(_ type: UInt16) throws(RadioError) -> UInt32? { try integer(type, as: UInt32.self) }
    func s32(_ type: UInt16) throws(RadioError) -> Int32? { try integer(type, as: Int32.self) }

    /// A NUL-terminated string (the NUL and anything after it dropped), decoded as UTF-8.
    func string(_ type: UInt16) -> String? {
        guard let v = value(type) else { return nil }
        let text = v.prefix(while: { $0 != 0 })
        return String(decoding: text, as: UTF8.self)
    }

    func bytes(_ type: UInt16) -> [UInt8]? { value(type).map(Array.init) }

    func mac(_ type: UInt16) throws(RadioError) -> MACAddress? {
        guard let v = value(type) else { return nil }
        guard let mac = MACAddress(bytes: v) else { throw .malformedReply("attribute \(type) is not a MAC address") }
        return mac
    }

    func nested(_ type: UInt16) throws(RadioError) -> NetlinkAttributes? {
        guard let v = value(type) else { return nil }
        return try NetlinkAttributes(v)
    }
}
