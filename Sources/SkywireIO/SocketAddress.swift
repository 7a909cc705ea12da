import Glibc

/// An IPv4 or IPv6 socket address (address, port and, for IPv6, the scope/interface index).
///
/// Text form: `1.2.3.4:5`, `[2001:db8::1]:5`, `[fe80::1%eth0]:5` (the zone is printed as the
/// interface name, or as its number when no interface has that index).
public enum SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address and port.
    case v4(IPv4Address, port: UInt16)
    /// An IPv6 address, port and scope id (interface index; 0 = none, needed for link-local).
    case v6(IPv6Address, port: UInt16, scopeID: UInt32)

    /// An IPv4 address and port.
    public init(_ address: IPv4Address, port: UInt16) {
        self = .v4(address, port: port)
    }

    /// An IPv6 address, port and scope id (interface index, 0 for none).
    public init(_ address: IPv6Address, port: UInt16, scopeID: UInt32 = 0) {
        self = .v6(address, port: port, scopeID: scopeID)
    }

    /// Parses `a.b.c.d:port` or `[v6]:port` / `[v6%zone]:port` (numeric addresses only; the
    /// zone is an interface name or index). Total: bad input throws, never traps.
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        let whole = String(text)
        let text = whole[...]
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { throw .malformed(whole) }
            let inside = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.first == ":" else { throw .malformed(whole) }
            let port = try SocketAddress.parsePort(rest.dropFirst())
            var scopeID: UInt32 = 0
            var hostText = inside[...]
            if let percent = inside.firstIndex(of: "%") {
                hostText = inside[..<percent]
                scopeID = try SocketAddress.parseZone(inside[inside.index(after: percent)...])
            }
            self = .v6(try IPv6Address(parsing: hostText), port: port, scopeID: scopeID)
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .malformed(whole) }
            let hostText = text[..<colon]
            // A bare IPv6 address has colons of its own: the port would be ambiguous.
            guard !hostText.contains(":") else { throw .malformed(whole) }
            let port = try SocketAddress.parsePort(text[text.index(after: colon)...])
            self = .v4(try IPv4Address(parsing: hostText), port: port)
        }
    }

    /// The port.
    public var port: UInt16 {
        switch self {
        case .v4(_, let port): port
        case .v6(_, let port, _): port
        }
    }

    /// The same address with another port.
    public func withPort(_ port: UInt16) -> SocketAddress {
        switch self {
        case .v4(let address, _): .v4(address, port: port)
        case .v6(let address, _, let scopeID): .v6(address, port: port, scopeID: scopeID)
        }
    }

    /// True for `.v4`.
    public var isIPv4: Bool {
        switch self {
        case .v4: true
        case .v6: false
        }
    }

    public var description: String {
        switch self {
        case .v4(let address, let port):
            return "\(address):\(port)"
        case .v6(let address, let port, let scopeID):
            guard scopeID != 0 else { return "[\(address)]:\(port)" }
            return "[\(address)%\(SocketAddress.zoneName(scopeID))]:\(port)"
        }
    }

    // MARK: Parsing helpers

    static func parsePort(_ text: Substring) throws(AddressParseError) -> UInt16 {
        guard !text.isEmpty, text.utf8.count <= 5 else { throw .invalidPort(String(text)) }
        var value: UInt32 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .invalidPort(String(text)) }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
        }
        guard value <= UInt32(UInt16.max) else { throw .invalidPort(String(text)) }
        return UInt16(value)
    }

    /// A zone is an interface index (decimal) or an interface name known to this host.
    static func parseZone(_ text: Substring) throws(AddressParseError) -> UInt32 {
        guard !text.isEmpty, text.utf8.count < Int(IF_NAMESIZE), !text.utf8.contains(0) else {
            throw .unknownInterface(String(text))
        }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard let index = UInt32(text), index != 0 else { throw .unknownInterface(String(text)) }
            return index
        }
        let index = String(text).withCString { if_nametoindex($0) }
        guard index != 0 else { throw .unknownInterface(String(text)) }
        return index
    }

    /// The interface name for an index, or the index in decimal when there is none.
    static func zoneName(_ index: UInt32) -> String {
        var name: (UInt64, UInt64, UInt64) = (0, 0, 0)  // IF_NAMESIZE (16) plus room
        return withUnsafeMutableBytes(of: &name) { raw in
            let chars = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            guard if_indextoname(index, chars) != nil else { return String(index) }
            return String(cString: chars)
        }
    }
}
