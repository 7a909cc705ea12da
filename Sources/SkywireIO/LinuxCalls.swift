import Glibc

/// Linux calls and constants that Swift's `Glibc` module does not import.
///
/// The functions come from the `CSkywireLinux` C target (compiled with `_GNU_SOURCE`); the
/// structure layouts below are written out from the kernel ABI and checked at compile time by
/// `_Static_assert`s in that target's shim.c.
enum LinuxCalls {
    // MARK: <sys/epoll.h> (identical on every Linux architecture)
    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollError: UInt32 = 0x008
    static let epollHangUp: UInt32 = 0x010
    static let epollReadHangUp: UInt32 = 0x2000
    static let epollOneShot: UInt32 = 1 << 30
    static let epollEdgeTriggered: UInt32 = 1 << 31
    static let epollControlAdd: Int32 = 1
    static let epollControlDelete: Int32 = 2
    static let epollControlModify: Int32 = 3
    /// EPOLL_CLOEXEC and EFD_CLOEXEC are defined as O_CLOEXEC; EFD_NONBLOCK as O_NONBLOCK.
    static let closeOnExec = Int32(O_CLOEXEC)
    static let nonBlocking = Int32(O_NONBLOCK)

    /// `struct epoll_event` is `{ uint32_t events; uint64_t data; }`, packed on x86 (12 bytes)
    /// and naturally aligned elsewhere (16 bytes).
    #if arch(x86_64) || arch(i386)
    static let epollEventSize = 12
    static let epollEventDataOffset = 4
    #else
    static let epollEventSize = 16
    static let epollEventDataOffset = 8
    #endif

    // MARK: struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }
    static let messageHeaderSize = MemoryLayout<msghdr>.size
    static let multiMessageLengthOffset = MemoryLayout<msghdr>.size
    static let multiMessageStride: Int = {
        let alignment = MemoryLayout<msghdr>.alignment
        return (MemoryLayout<msghdr>.size + MemoryLayout<UInt32>.size + alignment - 1) & ~(alignment - 1)
    }()

    // MARK: <netinet/udp.h>
    static let levelUDP = Int32(IPPROTO_UDP)
    /// Send option and cmsg: the segment size for UDP generic segmentation offload (Linux 4.18).
    static let udpSegment: Int32 = 103
    /// Receive option and cmsg: deliver coalesced datagrams with their segment size (Linux 5.0).
    static let udpGRO: Int32 = 104

    // MARK: pktinfo payloads
    /// `struct in_pktinfo { int ipi_ifindex; struct in_addr ipi_spec_dst, ipi_addr; }`
    static let ipv4PacketInfoInterfaceOffset = 0
    /// `struct in6_pktinfo { struct in6_addr ipi6_addr; unsigned int ipi6_ifindex; }`
    static let ipv6PacketInfoInterfaceOffset = 16
}
