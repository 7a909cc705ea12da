import Glibc

/// Interface flags from SIOCGIFFLAGS / getifaddrs.
public struct InterfaceFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Administratively up.
    public static let up = InterfaceFlags(rawValue: UInt32(IFF_UP))
    /// Has a valid broadcast address.
    public static let broadcast = InterfaceFlags(rawValue: UInt32(IFF_BROADCAST))
    /// The loopback interface.
    public static let loopback = InterfaceFlags(rawValue: UInt32(IFF_LOOPBACK))
    /// A point-to-point link (e.g. a tunnel).
    public static let pointToPoint = InterfaceFlags(rawValue: UInt32(IFF_POINTOPOINT))
    /// Operationally up (carrier present).
    public static let running = InterfaceFlags(rawValue: UInt32(IFF_RUNNING))
    /// Supports multicast.
    public static let multicast = InterfaceFlags(rawValue: UInt32(IFF_MULTICAST))
}

/// An IPv4 address assigned to an interface.
public struct IPv4InterfaceAddress: Hashable, Sendable {
    public let address: IPv4Address
    /// The prefix length of the netmask (e.g. 24), if reported.
    public let prefixLength: Int?
    /// The broadcast address, on interfaces with the broadcast flag.
    public let broadcast: IPv4Address?
}

/// An IPv6 address assigned to an interface.
public struct IPv6InterfaceAddress: Hashable, Sendable {
    public let address: IPv6Address
    /// The prefix length (e.g. 64), if reported.
    public let prefixLength: Int?
    /// True for fe80::/10, which is only meaningful with the interface as its scope.
    public var isLinkLocal: Bool { address.isLinkLocal }
}

/// One network interface and its addresses.
public struct NetworkInterface: Hashable, Sendable {
    /// The name, e.g. `eth0`.
    public let name: String
    /// The kernel's interface index (the IPv6 scope id and pktinfo index).
    public let index: UInt32
    public let flags: InterfaceFlags
    public let ipv4Addresses: [IPv4InterfaceAddress]
    public let ipv6Addresses: [IPv6InterfaceAddress]
}

/// Enumerates the host's interfaces (getifaddrs). Drives LAN discovery.
public enum NetworkInterfaces {
    /// The interfaces in kernel order; only those that are up unless `includeDown`.
    public static func list(includeDown: Bool = false) throws(SystemError) -> [NetworkInterface] {
        var head: UnsafeMutablePointer<ifaddrs>?
        _ = try retryingInterrupts("getifaddrs") { getifaddrs(&head) }
        defer { freeifaddrs(head) }

        var order: [String] = []
        var flagsByName: [String: UInt32] = [:]
        var ipv4ByName: [String: [IPv4InterfaceAddress]] = [:]
        var ipv6ByName: [String: [IPv6InterfaceAddress]] = [:]
        var entry = head
        while let current = entry?.pointee {
            entry = current.ifa_next
            guard let namePointer = current.ifa_name else { continue }
            let name = String(cString: namePointer)
            if flagsByName[name] == nil { order.append(name) }
            flagsByName[name] = current.ifa_flags
            guard let address = current.ifa_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                guard case .v4(let ip, _)? = decode(address) else { continue }
                let mask = current.ifa_netmask.flatMap(decode)
                var broadcast: IPv4Address?
                if current.ifa_flags & UInt32(IFF_BROADCAST) != 0,
                   let raw = current.ifa_ifu.ifu_broadaddr, case .v4(let value, _)? = decode(raw) {
                    broadcast = value
                }
                ipv4ByName[name, default: []].append(
                    IPv4InterfaceAddress(address: ip, prefixLength: mask.map(prefixLength), broadcast: broadcast))
            case AF_INET6:
                guard let decoded = decodeIPv6(address) else { continue }
                let mask = current.ifa_netmask.flatMap(decodeIPv6)
                ipv6ByName[name, default: []].append(
                    IPv6InterfaceAddress(address: decoded, prefixLength: mask.map(prefixLength)))
            default:
                continue
            }
        }

        var interfaces: [NetworkInterface] = []
        for name in order {
            let flags = InterfaceFlags(rawValue: flagsByName[name] ?? 0)
            guard includeDown || flags.contains(.up) else { continue }
            let index = name.withCString { if_nametoindex($0) }
            interfaces.append(NetworkInterface(
                name: name, index: index, flags: flags,
                ipv4Addresses: ipv4ByName[name] ?? [], ipv6Addresses: ipv6ByName[name] ?? []))
        }
        return interfaces
    }

    private static func decode(_ address: UnsafeMutablePointer<sockaddr>) -> SocketAddress? {
        let length = Int32(address.pointee.sa_family) == AF_INET6
            ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size
        return SocketAddress(sockaddr: address, length: length)
    }

    /// IPv6 without the v4-mapped folding of `SocketAddress(sockaddr:)`.
    private static func decodeIPv6(_ address: UnsafeMutablePointer<sockaddr>) -> IPv6Address? {
        guard Int32(address.pointee.sa_family) == AF_INET6 else { return nil }
        return IPv6Address(UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self).sin6_addr)
    }

    private static func prefixLength(_ mask: SocketAddress) -> Int {
        switch mask {
        case .v4(let address, _): (~address.value).leadingZeroBitCount
        case .v6(let address, _, _): prefixLength(address)
        }
    }

    private static func prefixLength(_ mask: IPv6Address) -> Int {
        let high = (~mask.high).leadingZeroBitCount
        return high < 64 ? high : 64 + (~mask.low).leadingZeroBitCount
    }
}
