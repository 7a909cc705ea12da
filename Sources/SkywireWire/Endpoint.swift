/// A UDP endpoint as carried in beacons: IPv4 or IPv6 address and port.
/// Kept independent of sockets (SkywireIO converts), so the wire module needs no libc types.
public enum WireEndpoint: Hashable, Sendable {
    case ipv4(address: UInt32, port: UInt16)
    /// IPv6 address as two big-endian 64-bit halves.
    case ipv6(high: UInt64, low: UInt64, port: UInt16)

    static let familyIPv4: UInt8 = 4
    static let familyIPv6: UInt8 = 6

    /// Encoded size: family (1) + address (4 or 16) + port (2).
    public var encodedSize: Int {
        switch self {
        case .ipv4: return 1 + 4 + 2
        case .ipv6: return 1 + 16 + 2
        }
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        switch self {
        case let .ipv4(address, port):
            try w.u8(Self.familyIPv4)
            try w.u32(address)
            try w.u16(port)
        case let .ipv6(high, low, port):
            try w.u8(Self.familyIPv6)
            try w.u64(high)
            try w.u64(low)
            try w.u16(port)
        }
    }

    public static func decode(from r: inout ByteReader) throws(WireError) -> WireEndpoint {
        let family = try r.u8()
        switch family {
        case familyIPv4:
            let a = try r.u32()
            return .ipv4(address: a, port: try r.u16())
        case familyIPv6:
            let h = try r.u64()
            let l = try r.u64()
            return .ipv6(high: h, low: l, port: try r.u16())
        default:
            throw .invalidField("endpoint family")
        }
    }
}
