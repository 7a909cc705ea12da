import SkywireWire

/// Where a datagram came from or goes to: the local interface index (0 = unspecified, the
/// kernel chooses) and the remote UDP endpoint.
///
/// A link's path is an attribute, not its identity: links are found by receiver index, and a
/// link's path moves when an authenticated packet arrives from elsewhere (roaming).
public struct PathAddress: Hashable, Sendable, CustomStringConvertible {
    /// The local interface index; 0 leaves the choice to the kernel's routing.
    public var interface: UInt32
    /// The remote UDP endpoint.
    public var endpoint: WireEndpoint

    public init(interface: UInt32, endpoint: WireEndpoint) {
        self.interface = interface
        self.endpoint = endpoint
    }

    /// Same remote endpoint, and the same interface unless either side leaves it unspecified (0).
    /// A static peer configured without an interface matches the interface its packets arrive on.
    public func sameRoute(as other: PathAddress) -> Bool {
        endpoint == other.endpoint && (interface == other.interface || interface == 0 || other.interface == 0)
    }

    /// `if<index> <address>:<port>`, IPv6 as `[h:h:h:h:h:h:h:h]:port` (no zero compression).
    public var description: String {
        "if\(interface) \(endpoint.text)"
    }
}

extension WireEndpoint {
    /// The same address with another port.
    func withPort(_ port: UInt16) -> WireEndpoint {
        switch self {
        case let .ipv4(address, _): return .ipv4(address: address, port: port)
        case let .ipv6(high, low, _): return .ipv6(high: high, low: low, port: port)
        }
    }

    /// `a.b.c.d:port` or `[h:h:h:h:h:h:h:h]:port`.
    var text: String {
        switch self {
        case let .ipv4(address, port):
            let octets = (0..<4).map { String((address >> (24 - 8 * UInt32($0))) & 0xFF) }
            return octets.joined(separator: ".") + ":\(port)"
        case let .ipv6(high, low, port):
            let groups = (0..<8).map { i -> String in
                let word = i < 4 ? high : low
                let shift = UInt64(48 - 16 * (i % 4))
                return String((word >> shift) & 0xFFFF, radix: 16)
            }
            return "[" + groups.joined(separator: ":") + "]:\(port)"
        }
    }
}
