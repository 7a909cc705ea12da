import Glibc

/// A NETLINK_ROUTE socket subscribed to link and address changes: it becomes readable when an
/// interface appears, goes up or down, or gains or loses an address, so the agent re-lists the
/// interfaces at once instead of at its next periodic scan. The messages themselves are not
/// parsed (the scan reads the new state with getifaddrs).
final class InterfaceWatcher {
    /// RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR (linux/rtnetlink.h).
    private static let groups: UInt32 = 0x1 | 0x10 | 0x100
    /// NETLINK_ROUTE (linux/netlink.h).
    private static let routeProtocol: Int32 = 0

    /// The netlink socket (non-blocking; register it with `Epoll` for `.readable`).
    let fileDescriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 8192)

    /// `nil` when the kernel refuses the socket (then only the periodic scan runs).
    init?() {
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(AF_NETLINK, type, InterfaceWatcher.routeProtocol)
        guard fd >= 0 else { return nil }
        // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
        var address: (UInt16, UInt16, UInt32, UInt32) = (UInt16(AF_NETLINK), 0, 0, InterfaceWatcher.groups)
        let bound = withUnsafeBytes(of: &address) { raw in
            bind(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        fileDescriptor = fd
    }

    deinit { close(fileDescriptor) }

    /// Reads and discards every pending notification. Returns true if there was any (or if the
    /// socket overflowed, which also means something changed).
    func drain() -> Bool {
        var changed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                changed = true
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && errno == ENOBUFS { changed = true; continue }
            return changed
        }
    }
}
