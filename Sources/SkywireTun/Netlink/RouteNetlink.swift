import Glibc
import SkywireIO

/// A NETLINK_ROUTE socket that configures interfaces the way `ip` does, without running it:
/// link state and MTU, addresses, routes and policy-routing rules. Every request asks for an
/// acknowledgement and waits for it (blocking, with a receive timeout), so a call returns only
/// once the kernel applied the change or refused it with a ``NetlinkError/kernel(operation:errno:message:)``
/// (including the kernel's extended-ack text when it gives one).
///
/// Control plane only: meant for setup and teardown, not for the packet path.
public final class RouteNetlink {
    private let fileDescriptor: Int32
    private var sequence: UInt32
    private let receiveBuffer: UnsafeMutableRawBufferPointer

    /// Opens the socket; replies not received within `timeoutSeconds` fail with ``NetlinkError/noReply(operation:)``.
    public init(timeoutSeconds: Int = 5) throws(NetlinkError) {
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let (fd, code) = retryInterrupted { socket(AF_NETLINK, type, LinuxTunABI.netlinkRoute) }
        guard fd >= 0 else { throw .system(SystemError(errno: code, call: "socket(AF_NETLINK)")) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        var enable: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            let error = errno
            closeDescriptor(fd)
            throw .system(SystemError(errno: error, call: "setsockopt(SO_RCVTIMEO)"))
        }
        // Extended acks carry the kernel's reason as text; older kernels lack them (ignored).
        _ = setsockopt(fd, LinuxTunABI.solNetlink, LinuxTunABI.netlinkExtendedAck, &enable, 4)
        fileDescriptor = fd
        sequence = UInt32(truncatingIfNeeded: getpid()) &* 65_537
        receiveBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)
    }

    deinit {
        closeDescriptor(fileDescriptor)
        receiveBuffer.deallocate()
    }

    /// The index of the interface called `name`, or nil when there is none.
    public static func interfaceIndex(named name: String) -> Int32? {
        guard InterfaceName.isValid(name) else { return nil }
        let index = if_nametoindex(name)
        return index == 0 ? nil : Int32(bitPattern: index)
    }

    /// Sets IFF_UP (when `up` is given) and the MTU (when given) of interface `index`.
    public func setLink(index: Int32, up: Bool? = nil, mtu: Int? = nil) throws(NetlinkError) {
        try perform("set link") { RouteNetlinkMessages.setLink(index: index, up: up, mtu: mtu.map { UInt32(clamping: $0) }, sequence: $0) }
    }

    /// Stops the kernel from making a link-local IPv6 address on interface `index` (call before
    /// bringing it up). Harmless where IPv6 is off on the interface (MTU below 1280).
    public func disableIPv6LinkLocal(index: Int32) throws(NetlinkError) {
        try performIgnoring([EAFNOSUPPORT], "set addrgenmode none") {
            RouteNetlinkMessages.disableAddressGeneration(index: index, sequence: $0)
        }
    }

    /// Deletes interface `index` (for a TUN, closing its descriptor does the same).
    public func deleteLink(index: Int32) throws(NetlinkError) {
        try perform("delete link") { RouteNetlinkMessages.removeLink(index: index, sequence: $0) }
    }

    /// Adds `prefix` (address and prefix length) to interface `index`; an equal address is
    /// replaced, so repeating the call is harmless. IPv6 addresses skip DAD.
    public func addAddress(_ prefix: IPPrefix, interface index: Int32) throws(NetlinkError) {
        try perform("add address \(prefix)") {
            RouteNetlinkMessages.address(prefix, index: index, add: true, sequence: $0)
        }
    }

    /// Removes `prefix` from interface `index`; a missing address is not an error.
    public func deleteAddress(_ prefix: IPPrefix, interface index: Int32) throws(NetlinkError) {
        try performIgnoring([EADDRNOTAVAIL, ENOENT, ENODEV], "delete address \(prefix)") {
            RouteNetlinkMessages.address(prefix, index: index, add: false, sequence: $0)
        }
    }

    /// Adds `route`, replacing a route with the same destination, table and metric.
    public func addRoute(_ route: RouteEntry) throws(NetlinkError) {
        try perform("add route \(route.destination) table \(route.table)") {
            RouteNetlinkMessages.route(route, add: true, sequence: $0)
        }
    }

    /// Deletes `route`; a missing route is not an error.
    public func deleteRoute(_ route: RouteEntry) throws(NetlinkError) {
        try performIgnoring([ESRCH, ENOENT, ENODEV], "delete route \(route.destination) table \(route.table)") {
            RouteNetlinkMessages.route(route, add: false, sequence: $0)
        }
    }

    /// Adds `rule` unless an equal rule exists (so repeating the call is harmless).
    public func addRule(_ rule: RoutingRule) throws(NetlinkError) {
        try performIgnoring([EEXIST], "add rule from \(rule.source) table \(rule.table)") {
            RouteNetlinkMessages.rule(rule, add: true, sequence: $0)
        }
    }

    /// Deletes every rule equal to `rule` (older kernels allow duplicates); none is not an error.
    public func deleteRule(_ rule: RoutingRule) throws(NetlinkError) {
        for _ in 0..<64 {
            do throws(NetlinkError) {
                try perform("delete rule from \(rule.source) table \(rule.table)") {
                    RouteNetlinkMessages.rule(rule, add: false, sequence: $0)
                }
            } catch {
                if let code = error.kernelErrno, code == ENOENT || code == ESRCH { return }
                throw error
            }
        }
    }

    // MARK: Request and acknowledgement

    private func performIgnoring(
        _ ignored: [Int32], _ operation: @autoclosure () -> String, _ build: (UInt32) -> [UInt8]
    ) throws(NetlinkError) {
        do throws(NetlinkError) {
            try perform(operation(), build)
        } catch {
            if let code = error.kernelErrno, ignored.contains(code) { return }
            throw error
        }
    }

    private func perform(_ operation: @autoclosure () -> String, _ build: (UInt32) -> [UInt8]) throws(NetlinkError) {
        sequence &+= 1
        let number = sequence
        let request = build(number)
        try send(request)
        while true {
            let count = try receive(operation())
            let acknowledgement = try NetlinkReply.acknowledgement(
                in: UnsafeRawBufferPointer(rebasing: receiveBuffer[0..<count]), sequence: number)
            switch acknowledgement {
            case .none: continue
            case .some(.success): return
            case .some(.failure(let code, let message)):
                throw .kernel(operation: operation(), errno: code, message: message)
            }
        }
    }

    private func send(_ request: [UInt8]) throws(NetlinkError) {
        var kernel = [UInt8](repeating: 0, count: LinuxTunABI.sockaddrNetlinkSize)
        withUnsafeBytes(of: UInt16(AF_NETLINK)) { kernel[0] = $0[0]; kernel[1] = $0[1] }
        let fd = fileDescriptor
        let (sent, code) = request.withUnsafeBytes { bytes in
            kernel.withUnsafeBytes { address in
                retryInterrupted {
                    sendto(fd, bytes.baseAddress, bytes.count, 0,
                           address.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
                }
            }
        }
        guard sent == request.count else {
            throw .system(SystemError(errno: sent < 0 ? code : EMSGSIZE, call: "sendto(netlink)"))
        }
    }

    private func receive(_ operation: @autoclosure () -> String) throws(NetlinkError) -> Int {
        let fd = fileDescriptor
        let buffer = receiveBuffer
        let (count, code) = retryInterrupted { recv(fd, buffer.baseAddress, buffer.count, 0) }
        if count >= 0 { return count }
        if code == EAGAIN || code == EWOULDBLOCK { throw .noReply(operation: operation()) }
        throw .system(SystemError(errno: code, call: "recv(netlink)"))
    }
}
