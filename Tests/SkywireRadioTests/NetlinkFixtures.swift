/// Builds netlink bytes the way the kernel does (host byte order, 4-byte padding), so the
/// decoders can be tested without a kernel that has nl80211.
enum NL {
    static func native<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }

    static func attr(_ type: UInt16, _ value: [UInt8], nested: Bool = false) -> [UInt8] {
        var out = native(UInt16(4 + value.count)) + native(type | (nested ? 0x8000 : 0)) + value
        while out.count % 4 != 0 { out.append(0) }
        return out
    }

    static func u8(_ type: UInt16, _ v: UInt8) -> [UInt8] { attr(type, [v]) }
    static func u16(_ type: UInt16, _ v: UInt16) -> [UInt8] { attr(type, native(v)) }
    static func u32(_ type: UInt16, _ v: UInt32) -> [UInt8] { attr(type, native(v)) }
    static func s32(_ type: UInt16, _ v: Int32) -> [UInt8] { attr(type, native(v)) }
    static func flag(_ type: UInt16) -> [UInt8] { attr(type, []) }
    static func string(_ type: UInt16, _ s: String) -> [UInt8] { attr(type, Array(s.utf8) + [0]) }
    static func nest(_ type: UInt16, _ children: [[UInt8]]) -> [UInt8] { attr(type, children.flatMap { $0 }, nested: true) }

    /// A whole netlink message: header, then (for generic netlink) a genlmsghdr, then attributes.
    static func message(type: UInt16 = 0x1C, flags: UInt16 = 0x2, sequence: UInt32 = 7, command: UInt8? = 1,
                        _ attributes: [[UInt8]]) -> [UInt8] {
        var body: [UInt8] = command.map { [$0, 1, 0, 0] } ?? []
        body += attributes.flatMap { $0 }
        return native(UInt32(16 + body.count)) + native(type) + native(flags) + native(sequence) + native(UInt32(0)) + body
    }
}
