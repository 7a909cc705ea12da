import SkywireIO

/// An IPv4 or IPv6 host address, as found in a packet header or assigned to an interface.
public enum IPHostAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses numeric text (`10.0.0.1`, `fd00::1`).
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        if text.contains(":") {
            self = .v6(try IPv6Address(parsing: text))
        } else {
            self = .v4(try IPv4Address(parsing: text))
        }
    }

    /// The address from 4 or 16 network-order bytes; `nil` for any other length.
    public init?(bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 4: self = .v4(IPv4Address(value: UInt32(bigEndian: bytes.loadUnaligned(as: UInt32.self))))
        case 16:
            self = .v6(IPv6Address(
                high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))))
        default: return nil
        }
    }

    /// 4 or 16.
    public var byteCount: Int {
        switch self {
        case .v4: 4
        case .v6: 16
        }
    }

    /// The address in network byte order (4 or 16 bytes).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let address): return withUnsafeBytes(of: address.value.bigEndian) { Array($0) }
        case .v6(let address):
            return withUnsafeBytes(of: (address.high.bigEndian, address.low.bigEndian)) { Array($0) }
        }
    }

    public var isIPv4: Bool {
        switch self {
        case .v4: true
        case .v6: false
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }
}

/// An address with a prefix length: `10.42.0.1/24`, `fd12::/48`. The host bits are kept (an
/// interface address keeps its host part); ``network`` clears them.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public let address: IPHostAddress
    public let length: Int

    /// Fails when `length` is outside 0...32 (IPv4) or 0...128 (IPv6).
    public init?(_ address: IPHostAddress, length: Int) {
        guard length >= 0, length <= address.byteCount * 8 else { return nil }
        self.address = address
        self.length = length
    }

    /// Parses `address/length`; a bare address gets the full length (/32 or /128).
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = try IPHostAddress(parsing: parts[0])
        let maximum = address.byteCount * 8
        guard parts.count == 2 else {
            self.address = address
            self.length = maximum
            return
        }
        guard parts[1].utf8.count <= 3, parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let length = Int(parts[1]), length <= maximum
        else {
            throw AddressParseError.malformed(String(text))
        }
        self.address = address
        self.length = length
    }

    /// The prefix with its host bits cleared.
    public var network: IPPrefix {
        var bytes = address.bytes
        for index in bytes.indices {
            let bitsBefore = index * 8
            if bitsBefore >= length { bytes[index] = 0 }
            else if bitsBefore + 8 > length { bytes[index] &= ~UInt8(0xFF >> (length - bitsBefore)) }
        }
        let cleared = bytes.withUnsafeBytes { IPHostAddress(bytes: $0)! }
        return IPPrefix(cleared, length: length)!
    }

    /// True when `other` lies inside this prefix (same family, same leading `length` bits).
    public func contains(_ other: IPHostAddress) -> Bool {
        guard other.byteCount == address.byteCount else { return false }
        return IPPrefix(other, length: length)!.network.address == network.address
    }

    public var description: String { "\(address)/\(length)" }
}
