import Glibc

/// Multicast membership and sending options. On a dual-stack socket the IPv4 settings apply to
/// its IPv4 traffic; the interface-wide setters apply to both families there.
extension UDPSocket {
    /// Joins an IPv6 group (e.g. `ff02::1`) on the interface with `interfaceIndex` (IPV6_JOIN_GROUP).
    public func joinMulticastGroup(_ group: IPv6Address, interfaceIndex: UInt32) throws(SystemError) {
        try ipv6Membership(group, interfaceIndex, name: IPV6_JOIN_GROUP, call: "setsockopt(IPV6_JOIN_GROUP)")
    }

    /// Leaves an IPv6 group (IPV6_LEAVE_GROUP).
    public func leaveMulticastGroup(_ group: IPv6Address, interfaceIndex: UInt32) throws(SystemError) {
        try ipv6Membership(group, interfaceIndex, name: IPV6_LEAVE_GROUP, call: "setsockopt(IPV6_LEAVE_GROUP)")
    }

    /// Joins an IPv4 group on the interface with `interfaceIndex` (IP_ADD_MEMBERSHIP, ip_mreqn).
    public func joinMulticastGroup(_ group: IPv4Address, interfaceIndex: UInt32) throws(SystemError) {
        try ipv4Membership(group, interfaceIndex, name: IP_ADD_MEMBERSHIP, call: "setsockopt(IP_ADD_MEMBERSHIP)")
    }

    /// Leaves an IPv4 group (IP_DROP_MEMBERSHIP).
    public func leaveMulticastGroup(_ group: IPv4Address, interfaceIndex: UInt32) throws(SystemError) {
        try ipv4Membership(group, interfaceIndex, name: IP_DROP_MEMBERSHIP, call: "setsockopt(IP_DROP_MEMBERSHIP)")
    }

    /// Sends multicast out of the interface with `interfaceIndex`
    /// (IPV6_MULTICAST_IF and/or IP_MULTICAST_IF, by socket family).
    public func setMulticastInterface(index: UInt32) throws(SystemError) {
        if !localAddress.isIPv4 {
            try setSocketOption(fileDescriptor, level: Int32(IPPROTO_IPV6), name: IPV6_MULTICAST_IF,
                                value: Int32(bitPattern: index), call: "setsockopt(IPV6_MULTICAST_IF)")
        }
        if localAddress.isIPv4 || isDualStack {
            var request = ip_mreqn()
            request.imr_ifindex = Int32(bitPattern: index)
            _ = try retryingInterrupts("setsockopt(IP_MULTICAST_IF)") {
                setsockopt(fileDescriptor, Int32(IPPROTO_IP), IP_MULTICAST_IF, &request,
                           socklen_t(MemoryLayout<ip_mreqn>.size))
            }
        }
    }

    /// Whether this host's own multicast comes back to its sockets (off for discovery).
    public func setMulticastLoop(_ enabled: Bool) throws(SystemError) {
        let value: Int32 = enabled ? 1 : 0
        if !localAddress.isIPv4 {
            try setSocketOption(fileDescriptor, level: Int32(IPPROTO_IPV6), name: IPV6_MULTICAST_LOOP, value: value,
                                call: "setsockopt(IPV6_MULTICAST_LOOP)")
        }
        if localAddress.isIPv4 || isDualStack {
            try setSocketOption(fileDescriptor, level: Int32(IPPROTO_IP), name: IP_MULTICAST_LOOP, value: value,
                                call: "setsockopt(IP_MULTICAST_LOOP)")
        }
    }

    /// The hop limit / TTL of outgoing multicast (default 1: stays on the link).
    public func setMulticastHops(_ hops: UInt8) throws(SystemError) {
        if !localAddress.isIPv4 {
            try setSocketOption(fileDescriptor, level: Int32(IPPROTO_IPV6), name: IPV6_MULTICAST_HOPS, value: Int32(hops),
                                call: "setsockopt(IPV6_MULTICAST_HOPS)")
        }
        if localAddress.isIPv4 || isDualStack {
            try setSocketOption(fileDescriptor, level: Int32(IPPROTO_IP), name: IP_MULTICAST_TTL, value: Int32(hops),
                                call: "setsockopt(IP_MULTICAST_TTL)")
        }
    }

    private func ipv6Membership(
        _ group: IPv6Address, _ interfaceIndex: UInt32, name: Int32, call: StaticString
    ) throws(SystemError) {
        var request = ipv6_mreq()
        request.ipv6mr_multiaddr = group.inAddr
        request.ipv6mr_interface = interfaceIndex
        _ = try retryingInterrupts(call) {
            setsockopt(fileDescriptor, Int32(IPPROTO_IPV6), name, &request, socklen_t(MemoryLayout<ipv6_mreq>.size))
        }
    }

    private func ipv4Membership(
        _ group: IPv4Address, _ interfaceIndex: UInt32, name: Int32, call: StaticString
    ) throws(SystemError) {
        var request = ip_mreqn()
        request.imr_multiaddr.s_addr = group.value.bigEndian
        request.imr_ifindex = Int32(bitPattern: interfaceIndex)
        _ = try retryingInterrupts(call) {
            setsockopt(fileDescriptor, Int32(IPPROTO_IP), name, &request, socklen_t(MemoryLayout<ip_mreqn>.size))
        }
    }
}
