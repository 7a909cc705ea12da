/// How `UDPSocket` sets up its socket before binding.
public struct UDPSocketOptions: Hashable, Sendable {
    /// SO_REUSEADDR: rebind a port that still has sockets in TIME_WAIT-like states.
    public var reuseAddress = true
    /// IPV6_V6ONLY for IPv6 sockets: `false` makes a dual-stack socket that also carries IPv4
    /// (peers then appear as `.v4` addresses). Ignored for IPv4 sockets.
    public var ipv6Only = true
    /// SO_BINDTODEVICE: only use this interface (needs CAP_NET_RAW on kernels before 5.7).
    public var device: String? = nil
    /// SO_BROADCAST: allow sending to broadcast addresses (IPv4).
    public var broadcast = false
    /// SO_RCVBUF in bytes (the kernel doubles it for bookkeeping); `nil` keeps the default.
    public var receiveBufferSize: Int? = nil
    /// SO_SNDBUF in bytes; `nil` keeps the default.
    public var sendBufferSize: Int? = nil
    /// IP_PKTINFO / IPV6_RECVPKTINFO: report the interface each datagram arrived on.
    public var receivePacketInfo = true
    /// UDP_GRO: let the kernel deliver runs of equal-size datagrams from one sender as one
    /// coalesced buffer with its segment size (needs receive buffers of 65535 bytes).
    public var coalescedReceive = false

    /// The defaults: reuse address, IPv6-only, packet info on.
    public init() {}
}
