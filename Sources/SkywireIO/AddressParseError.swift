/// Why text did not parse as an address. Parsing never traps; every bad input lands here.
public enum AddressParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not of the form `host:port` or `[v6]:port`.
    case malformed(String)
    /// The host part is not a numeric IPv4 or IPv6 address.
    case invalidHost(String)
    /// The port is not a decimal number in 0...65535.
    case invalidPort(String)
    /// The `%zone` after an IPv6 address names no interface on this host.
    case unknownInterface(String)

    public var description: String {
        switch self {
        case .malformed(let text): "malformed address \"\(text)\" (expected host:port or [v6]:port)"
        case .invalidHost(let text): "invalid host \"\(text)\" (expected a numeric IPv4 or IPv6 address)"
        case .invalidPort(let text): "invalid port \"\(text)\" (expected 0...65535)"
        case .unknownInterface(let text): "unknown interface \"\(text)\""
        }
    }
}
