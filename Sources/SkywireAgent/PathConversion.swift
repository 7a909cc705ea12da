import SkywireIO
import SkywireLink
import SkywireWire

/// Conversions between the I/O layer's socket addresses and the link layer's paths.
enum PathConversion {
    /// The path of a datagram from `source` that arrived on interface `interface` (0 if unknown).
    /// An IPv6 source's scope id stands in for a missing interface index.
    @inline(__always)
    static func path(from source: SocketAddress, interface: UInt32?) -> PathAddress {
        switch source {
        case .v4(let address, let port):
            return PathAddress(interface: interface ?? 0, endpoint: .ipv4(address: address.value, port: port))
        case .v6(let address, let port, let scopeID):
            return PathAddress(interface: interface ?? scopeID,
                               endpoint: .ipv6(high: address.high, low: address.low, port: port))
        }
    }

    /// The socket address to send a datagram on `path` to. Link-local and link-scoped multicast
    /// IPv6 destinations get the path's interface as their scope; other destinations leave the
    /// choice of interface to the kernel's routing.
    @inline(__always)
    static func socketAddress(for path: PathAddress) -> SocketAddress {
        switch path.endpoint {
        case .ipv4(let address, let port):
            return .v4(IPv4Address(value: address), port: port)
        case .ipv6(let high, let low, let port):
            let address = IPv6Address(high: high, low: low)
            let linkScoped = address.isLinkLocal || (address.isMulticast && high >> 48 & 0xF == 2)
            return .v6(address, port: port, scopeID: linkScoped ? path.interface : 0)
        }
    }

    /// The path for a configured static peer (interface unspecified).
    static func path(for address: SocketAddress) -> PathAddress {
        switch address {
        case .v4: return path(from: address, interface: 0)
        case .v6(_, _, let scopeID): return path(from: address, interface: scopeID)
        }
    }

    /// A beacon endpoint for a local address.
    static func endpoint(_ address: IPv4Address, port: UInt16) -> WireEndpoint {
        .ipv4(address: address.value, port: port)
    }

    static func endpoint(_ address: IPv6Address, port: UInt16) -> WireEndpoint {
        .ipv6(high: address.high, low: address.low, port: port)
    }

    /// Text for an endpoint: `10.0.0.2:6555`, `[fe80::1]:6555`.
    static func text(_ endpoint: WireEndpoint) -> String {
        switch endpoint {
        case .ipv4(let address, let port): "\(IPv4Address(value: address)):\(port)"
        case .ipv6(let high, let low, let port): "[\(IPv6Address(high: high, low: low))]:\(port)"
        }
    }

    /// True for an IPv4 endpoint.
    static func isIPv4(_ endpoint: WireEndpoint) -> Bool {
        switch endpoint {
        case .ipv4: true
        case .ipv6: false
        }
    }
}
