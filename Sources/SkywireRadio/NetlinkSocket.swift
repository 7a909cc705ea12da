internal import CNetlink
import Glibc

/// A libnl socket that sends one request at a time and collects its replies until the kernel's
/// acknowledgement (a command) or NLMSG_DONE (a dump). Replies are decoded by `NetlinkWire`.
///
/// Blocking with a timeout (poll before each receive): these are control-plane calls, made
/// outside the packet path.
final class NetlinkSocket {
    let handle: OpaquePointer  // struct nl_sock *

    /// Opens and connects a netlink socket of `protocolNumber` (NETLINK_GENERIC, NETLINK_ROUTE).
    init(protocolNumber: Int32) throws(RadioError) {
        guard let sock = nl_socket_alloc() else {
            throw .netlink(operation: "open netlink socket", message: "out of memory")
        }
        let r = nl_connect(sock, protocolNumber)
        guard r >= 0 else {
            nl_socket_free(sock)
            throw .netlink(operation: "open netlink socket", message: NetlinkSocket.text(r))
        }
        handle = sock
        // Acknowledgements are requested explicitly per message; replies are read whole even
        // when larger than a page; errors carry the kernel's text and omit the echoed request.
        nl_socket_disable_auto_ack(sock)
        nl_socket_enable_msg_peek(sock)
        _ = nl_socket_set_buffer_size(sock, 1 << 20, 1 << 20)
        var on: Int32 = 1
        let fd = nl_socket_get_fd(sock)
        _ = setsockopt(fd, NetlinkSocket.solNetlink, NetlinkSocket.optCapAck, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, NetlinkSocket.solNetlink, NetlinkSocket.optExtAck, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { nl_socket_free(handle) }

    static let solNetlink: Int32 = 270  // SOL_NETLINK
    static let optCapAck: Int32 = 10  // NETLINK_CAP_ACK
    static let optExtAck: Int32 = 11  // NETLINK_EXT_ACK

    /// libnl's text for one of its (negative) error codes.
    static func text(_ code: Int32) -> String { String(cString: nl_geterror(code)) }

    var fileDescriptor: Int32 { nl_socket_get_fd(handle) }

    /// Sends `request` and returns the data messages of its reply. A dump ends at NLMSG_DONE; a
    /// command at its acknowledgement, whose negative errno becomes a typed error.
    func transact(_ request: NetlinkRequest, operation: String, timeoutMilliseconds: Int32 = 5000) throws(RadioError) -> [NetlinkMessage] {
        let sent = nl_send_auto(handle, request.message)
        guard sent >= 0 else { throw .netlink(operation: operation, message: NetlinkSocket.text(sent)) }
        let sequence = nlmsg_hdr(request.message).pointee.nlmsg_seq
        let deadline = Monotonic.milliseconds() + Int64(timeoutMilliseconds)
        var replies: [NetlinkMessage] = []
        while true {
            for message in try receive(operation: operation, deadline: deadline) {
                guard message.sequence == sequence else { continue }  // a late reply to an earlier request
                switch message.type {
                case NetlinkWire.typeError:
                    let ack = try NetlinkWire.acknowledgement(message)
                    if ack.error == 0 { return replies }
                    throw RadioError.fromKernel(errno: -ack.error, operation: operation, detail: ack.text)
                case NetlinkWire.typeDone:
                    if let code = NetlinkWire.load(message.payload, at: 0, as: Int32.self), code < 0 {
                        throw RadioError.fromKernel(errno: -code, operation: operation)
                    }
                    return replies
                case NetlinkWire.typeNoop:
                    continue
                case NetlinkWire.typeOverrun:
                    throw .netlink(operation: operation, message: "receive buffer overrun")
                default:
                    if message.flags & NetlinkWire.flagDumpInterrupted != 0 {
                        throw .kernel(operation: operation, errno: EINTR, detail: "dump interrupted by a change; try again")
                    }
                    replies.append(message)
                }
            }
        }
    }

    /// Waits (until `deadline`, monotonic ms) for one datagram and splits it into messages.
    func receive(operation: String, deadline: Int64) throws(RadioError) -> [NetlinkMessage] {
        while true {
            let left = deadline - Monotonic.milliseconds()
            guard left > 0 else { throw .timeout(operation: operation) }
            var pfd = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(left, 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .netlink(operation: operation, message: String(cString: strerror(errno)))
            }
            if ready == 0 { continue }
            var peer = sockaddr_nl()
            var buffer: UnsafeMutablePointer<UInt8>? = nil
            let n = nl_recv(handle, &peer, &buffer, nil)
            defer { free(buffer) }
            guard n >= 0 else { throw .netlink(operation: operation, message: NetlinkSocket.text(n)) }
            guard n > 0, let buffer else { continue }
            return try NetlinkWire.messages(in: Array(UnsafeBufferPointer(start: buffer, count: Int(n))))
        }
    }
}

/// One request message being built with libnl (freed on deinit).
final class NetlinkRequest {
    let message: OpaquePointer  // struct nl_msg *

    /// A generic-netlink request: `command` of `family`, with NLM_F_DUMP or NLM_F_ACK.
    init(family: Int32, command: UInt8, dump: Bool, operation: String) throws(RadioError) {
        guard let msg = nlmsg_alloc() else { throw .netlink(operation: operation, message: "out of memory") }
        message = msg
        let flags = dump ? NLM_F_DUMP : NLM_F_ACK
        guard genlmsg_put(msg, UInt32(NL_AUTO_PORT), UInt32(NL_AUTO_SEQ), family, 0, flags, command, 0) != nil else {
            throw .netlink(operation: operation, message: "cannot build the request header")
        }
    }

    /// A plain netlink request of `type` with a fixed header `fixed` (e.g. struct ifinfomsg).
    init(type: Int32, fixed: [UInt8], operation: String) throws(RadioError) {
        guard let msg = nlmsg_alloc_simple(type, NLM_F_ACK) else {
            throw .netlink(operation: operation, message: "out of memory")
        }
        message = msg
        var bytes = fixed
        guard nlmsg_append(msg, &bytes, bytes.count, Int32(NLMSG_ALIGNTO)) >= 0 else {
            throw .netlink(operation: operation, message: "cannot build the request")
        }
    }

    deinit { nlmsg_free(message) }

    private func check(_ r: Int32, _ type: UInt16) throws(RadioError) {
        guard r >= 0 else { throw .netlink(operation: "build request (attribute \(type))", message: NetlinkSocket.text(r)) }
    }

    func u8(_ type: UInt16, _ value: UInt8) throws(RadioError) { try check(nla_put_u8(message, Int32(type), value), type) }
    func u32(_ type: UInt16, _ value: UInt32) throws(RadioError) { try check(nla_put_u32(message, Int32(type), value), type) }
    func flag(_ type: UInt16) throws(RadioError) { try check(nla_put_flag(message, Int32(type)), type) }
    func string(_ type: UInt16, _ value: String) throws(RadioError) { try check(nla_put_string(message, Int32(type), value), type) }

    func bytes(_ type: UInt16, _ value: [UInt8]) throws(RadioError) {
        let r = value.withUnsafeBytes { nla_put(message, Int32(type), Int32($0.count), $0.baseAddress) }
        try check(r, type)
    }

    /// Puts a nested attribute whose contents `body` adds.
    func nested(_ type: UInt16, _ body: () throws(RadioError) -> Void) throws(RadioError) {
        guard let start = nla_nest_start(message, Int32(type)) else {
            throw .netlink(operation: "build request (nested attribute \(type))", message: "message full")
        }
        try body()
        try check(nla_nest_end(message, start), type)
    }
}

/// CLOCK_MONOTONIC in milliseconds, for I/O timeouts.
enum Monotonic {
    static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
