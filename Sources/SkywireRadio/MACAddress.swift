/// A 48-bit IEEE MAC address, kept in the low 48 bits of a `UInt64` (first byte most
/// significant), so it is hashable and copies without allocation.
public struct MACAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The six bytes as `b0 << 40 | b1 << 32 | ... | b5`.
    public let rawValue: UInt64

    public static let byteCount = 6
    /// ff:ff:ff:ff:ff:ff
    public static let broadcast = MACAddress(rawValue: 0xFFFF_FFFF_FFFF)

    public init(rawValue: UInt64) {
        self.rawValue = rawValue & 0xFFFF_FFFF_FFFF
    }

    /// Exactly six bytes, or nil.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == Self.byteCount else { return nil }
        var value: UInt64 = 0
        for b in bytes { value = value << 8 | UInt64(b) }
        self.rawValue = value
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (or with `-`), case-insensitive.
    public init?(text: String) {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for p in parts {
            guard p.count == 2, let b = UInt8(p, radix: 16) else { return nil }
            bytes.append(b)
        }
        self.init(bytes: bytes)
    }

    /// Byte `i` (0...5), first byte first.
    public subscript(i: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: rawValue >> UInt64(8 * (5 - i)))
    }

    public var bytes: [UInt8] { (0..<6).map { self[$0] } }

    /// The I/G bit: group (multicast or broadcast) address.
    public var isGroup: Bool { self[0] & 0x01 != 0 }
    /// The U/L bit: locally administered.
    public var isLocallyAdministered: Bool { self[0] & 0x02 != 0 }
    public var isBroadcast: Bool { self == .broadcast }

    /// Reads six bytes at `offset`; the caller has checked that they are there.
    init(_ buffer: UnsafeRawBufferPointer, at offset: Int) {
        var value: UInt64 = 0
        for i in 0..<6 { value = value << 8 | UInt64(buffer[offset + i]) }
        self.rawValue = value
    }

    /// Writes the six bytes at `offset`.
    func write(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        for i in 0..<6 { buffer[offset + i] = self[i] }
    }

    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(17)
        for i in 0..<6 {
            if i > 0 { out.append(UInt8(ascii: ":")) }
            out.append(digits[Int(self[i] >> 4)])
            out.append(digits[Int(self[i] & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.rawValue < b.rawValue }
}
