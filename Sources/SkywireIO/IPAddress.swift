import Glibc

/// An IPv4 address as a value (no C types).
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    /// The address as a number: 1.2.3.4 is 0x01020304.
    public let value: UInt32

    /// The address with numeric value `value` (1.2.3.4 is 0x01020304).
    public init(value: UInt32) { self.value = value }

    /// The address `a.b.c.d`.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text such as `192.168.1.7` (numeric only, no host names).
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        var address = in_addr()
        guard withUnsafeMutableBytes(of: &address, { parseNumeric(text, family: AF_INET, into: $0.baseAddress!) }) else {
            throw AddressParseError.invalidHost(String(text))
        }
        value = UInt32(bigEndian: address.s_addr)
    }

    /// 0.0.0.0
    public static let any = IPv4Address(value: 0)
    /// 127.0.0.1
    public static let loopback = IPv4Address(127, 0, 0, 1)
    /// 255.255.255.255
    public static let broadcast = IPv4Address(value: .max)

    /// In 127.0.0.0/8.
    public var isLoopback: Bool { value >> 24 == 127 }
    /// In 224.0.0.0/4.
    public var isMulticast: Bool { value >> 28 == 0xE }
    /// In 169.254.0.0/16.
    public var isLinkLocal: Bool { value >> 16 == 0xA9FE }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }
}

/// An IPv6 address as a value (no C types).
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    /// The first 8 bytes, big-endian as a number (fe80:: has high 0xfe80_0000_0000_0000).
    public let high: UInt64
    /// The last 8 bytes, big-endian as a number (::1 has low 1).
    public let low: UInt64

    /// The address whose 128-bit big-endian value is `high` ‖ `low`.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The IPv4-mapped form `::ffff:a.b.c.d`.
    public init(ipv4Mapped address: IPv4Address) {
        high = 0
        low = 0x0000_FFFF_0000_0000 | UInt64(address.value)
    }

    /// Parses RFC 4291 text such as `fe80::1` or `::ffff:1.2.3.4` (numeric only, no zone).
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        var address = in6_addr()
        guard withUnsafeMutableBytes(of: &address, { parseNumeric(text, family: AF_INET6, into: $0.baseAddress!) }) else {
            throw AddressParseError.invalidHost(String(text))
        }
        self.init(address)
    }

    /// ::
    public static let any = IPv6Address(high: 0, low: 0)
    /// ::1
    public static let loopback = IPv6Address(high: 0, low: 1)
    /// ff02::1, all nodes on the link.
    public static let allNodesLinkLocal = IPv6Address(high: 0xFF02 << 48, low: 1)

    /// ::1
    public var isLoopback: Bool { self == .loopback }
    /// In fe80::/10: needs a scope (interface index) to be used.
    public var isLinkLocal: Bool { high >> 54 == 0xFE80 >> 6 }
    /// In ff00::/8.
    public var isMulticast: Bool { high >> 56 == 0xFF }
    /// The IPv4 address of an IPv4-mapped address (`::ffff:a.b.c.d`), else `nil`.
    public var ipv4Mapped: IPv4Address? {
        guard high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPv4Address(value: UInt32(truncatingIfNeeded: low))
    }

    public var description: String {
        var address = inAddr
        // INET6_ADDRSTRLEN is 46.
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { raw in
            let chars = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            guard inet_ntop(AF_INET6, &address, chars, socklen_t(raw.count)) != nil else { return "::?" }
            return String(cString: chars)
        }
    }

    init(_ address: in6_addr) {
        var address = address
        let (high, low) = withUnsafeBytes(of: &address) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        self.init(high: high, low: low)
    }

    var inAddr: in6_addr {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return address
    }
}

/// inet_pton on Swift text; false for anything it rejects, including embedded NULs.
private func parseNumeric(
    _ text: some StringProtocol, family: Int32, into address: UnsafeMutableRawPointer
) -> Bool {
    // Longest valid form: 45 characters (IPv6 with an embedded IPv4 tail).
    guard !text.isEmpty, text.utf8.count <= 45, !text.utf8.contains(0) else { return false }
    return String(text).withCString { inet_pton(family, $0, address) } == 1
}
