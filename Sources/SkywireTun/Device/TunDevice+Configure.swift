extension TunDevice {
    /// Sets the MTU, turns off the kernel's link-local IPv6 address, adds `addresses` (IPv6
    /// without DAD) and brings the interface up.
    ///
    /// The MTU may be up to 65535. With offloads, keep it at the size of a packet the mesh
    /// carries whole: the kernel then sends TCP in super-packets of up to 64 KiB that
    /// ``TunPacketBatch`` cuts to that size.
    public func configure(mtu: Int, addresses: [IPPrefix], using netlink: RouteNetlink) throws(NetlinkError) {
        try netlink.setLink(index: interfaceIndex, mtu: mtu)
        try netlink.disableIPv6LinkLocal(index: interfaceIndex)
        for address in addresses { try netlink.addAddress(address, interface: interfaceIndex) }
        try netlink.setLink(index: interfaceIndex, up: true)
    }
}
