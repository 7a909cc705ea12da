import Glibc

/// A non-blocking, close-on-exec UDP socket bound to one address; closed on deinit.
///
/// Datagrams move in batches through `UDPBatch`; `send(_:to:)` and `receive(into:)` move one.
public final class UDPSocket {
    /// The socket descriptor (register it with `Epoll` for `.readable`).
    public let fileDescriptor: Int32
    /// The bound address, with the port the kernel chose when binding to port 0.
    public let localAddress: SocketAddress
    /// True for an IPv6 socket that also carries IPv4 (`ipv6Only == false`).
    public let isDualStack: Bool

    /// Creates a socket of `address`'s family, applies `options`, and binds.
    public init(bindingTo address: SocketAddress, options: UDPSocketOptions = UDPSocketOptions()) throws(SystemError) {
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = try retryingInterrupts("socket") { socket(address.family, type, Int32(IPPROTO_UDP)) }
        do {
            let dualStack = !address.isIPv4 && !options.ipv6Only
            try UDPSocket.configure(descriptor, isIPv4: address.isIPv4, dualStack: dualStack, options: options)
            _ = try address.withSockAddr { (pointer, length) throws(SystemError) -> Int32 in
                try retryingInterrupts("bind") { bind(descriptor, pointer, length) }
            }
            localAddress = try SocketAddress.local(of: descriptor)
            fileDescriptor = descriptor
            isDualStack = dualStack
        } catch {
            closeOwnedDescriptor(descriptor)
            throw error
        }
    }

    deinit { closeOwnedDescriptor(fileDescriptor) }

    private var isIPv4: Bool { localAddress.isIPv4 }

    private static func configure(
        _ fd: Int32, isIPv4: Bool, dualStack: Bool, options: UDPSocketOptions
    ) throws(SystemError) {
        if options.reuseAddress {
            try setSocketOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, call: "setsockopt(SO_REUSEADDR)")
        }
        if !isIPv4 {
            try setSocketOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: options.ipv6Only ? 1 : 0,
                                call: "setsockopt(IPV6_V6ONLY)")
        }
        if let device = options.device {
            try bindToDevice(fd, device)
        }
        if options.broadcast {
            try setSocketOption(fd, level: SOL_SOCKET, name: SO_BROADCAST, value: 1, call: "setsockopt(SO_BROADCAST)")
        }
        if let size = options.receiveBufferSize { try setBufferSize(fd, receive: true, size) }
        if let size = options.sendBufferSize { try setBufferSize(fd, receive: false, size) }
        if options.receivePacketInfo {
            if isIPv4 || dualStack {
                try setSocketOption(fd, level: Int32(IPPROTO_IP), name: IP_PKTINFO, value: 1,
                                    call: "setsockopt(IP_PKTINFO)")
            }
            if !isIPv4 {
                try setSocketOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_RECVPKTINFO, value: 1,
                                    call: "setsockopt(IPV6_RECVPKTINFO)")
            }
        }
        if options.coalescedReceive {
            try setSocketOption(fd, level: LinuxCalls.levelUDP, name: LinuxCalls.udpGRO, value: 1,
                                call: "setsockopt(UDP_GRO)")
        }
    }

    private static func bindToDevice(_ fd: Int32, _ device: String) throws(SystemError) {
        guard device.utf8.count < Int(IF_NAMESIZE), !device.utf8.contains(0) else {
            throw SystemError(errno: EINVAL, call: "setsockopt(SO_BINDTODEVICE)")
        }
        let length = socklen_t(device.utf8.count)
        _ = try retryingInterrupts("setsockopt(SO_BINDTODEVICE)") {
            device.withCString { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0, length) }
        }
    }

    /// Tries the privileged *FORCE variant first (exceeds net.core.[rw]mem_max as root), then
    /// the capped one.
    private static func setBufferSize(_ fd: Int32, receive: Bool, _ size: Int) throws(SystemError) {
        let value = Int32(clamping: size)
        do {
            try setSocketOption(fd, level: SOL_SOCKET, name: receive ? SO_RCVBUFFORCE : SO_SNDBUFFORCE, value: value,
                                call: receive ? "setsockopt(SO_RCVBUFFORCE)" : "setsockopt(SO_SNDBUFFORCE)")
        } catch {
            guard error.errno == EPERM else { throw error }
            try setSocketOption(fd, level: SOL_SOCKET, name: receive ? SO_RCVBUF : SO_SNDBUF, value: value,
                                call: receive ? "setsockopt(SO_RCVBUF)" : "setsockopt(SO_SNDBUF)")
        }
    }

    // MARK: Buffers and broadcast

    /// Sets SO_RCVBUF (see `UDPSocketOptions.receiveBufferSize`).
    public func setReceiveBufferSize(_ bytes: Int) throws(SystemError) {
        try UDPSocket.setBufferSize(fileDescriptor, receive: true, bytes)
    }

    /// Sets SO_SNDBUF (see `UDPSocketOptions.sendBufferSize`).
    public func setSendBufferSize(_ bytes: Int) throws(SystemError) {
        try UDPSocket.setBufferSize(fileDescriptor, receive: false, bytes)
    }

    /// The kernel's SO_RCVBUF (twice the requested size: it counts bookkeeping too).
    public func receiveBufferSize() throws(SystemError) -> Int {
        Int(try socketOption(fileDescriptor, level: SOL_SOCKET, name: SO_RCVBUF, call: "getsockopt(SO_RCVBUF)"))
    }

    /// The kernel's SO_SNDBUF.
    public func sendBufferSize() throws(SystemError) -> Int {
        Int(try socketOption(fileDescriptor, level: SOL_SOCKET, name: SO_SNDBUF, call: "getsockopt(SO_SNDBUF)"))
    }

    /// Sets SO_BROADCAST.
    public func setBroadcast(_ enabled: Bool) throws(SystemError) {
        try setSocketOption(fileDescriptor, level: SOL_SOCKET, name: SO_BROADCAST, value: enabled ? 1 : 0,
                            call: "setsockopt(SO_BROADCAST)")
    }

    // MARK: Single datagrams

    /// Sends one datagram. Returns false when the send buffer is full (EAGAIN).
    @discardableResult
    public func send(_ bytes: UnsafeRawBufferPointer, to destination: SocketAddress) throws(SystemError) -> Bool {
        let fd = fileDescriptor
        let sent = try destination.withSockAddr { (pointer, length) throws(SystemError) -> Int? in
            try retryingInterruptsUnlessWouldBlock("sendto") {
                sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), pointer, length)
            }
        }
        return sent != nil
    }

    /// Receives one datagram into `buffer`; `nil` when none is queued (EAGAIN).
    /// A datagram longer than `buffer` is cut to fit (the rest is lost).
    public func receive(
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SystemError) -> (length: Int, source: SocketAddress)? {
        var storage = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let fd = fileDescriptor
        let received = try withUnsafeMutableBytes(of: &storage) { (raw) throws(SystemError) -> Int? in
            try retryingInterruptsUnlessWouldBlock("recvfrom") {
                recvfrom(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT),
                         raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
            }
        }
        guard let received else { return nil }
        let decoded = withUnsafeBytes(of: &storage) { SocketAddress(sockaddr: $0.baseAddress!, length: Int(length)) }
        guard let source = decoded else {
            throw SystemError(errno: EAFNOSUPPORT, call: "recvfrom")
        }
        return (min(received, buffer.count), source)
    }
}
