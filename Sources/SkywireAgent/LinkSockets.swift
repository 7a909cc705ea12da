import SkywireIO
import SkywireLink

/// The two UDP link sockets (IPv4 `0.0.0.0:port` with SO_BROADCAST, IPv6 `[::]:port` V6ONLY),
/// both with packet info, and their preallocated batches: one for receiving, one per family for
/// sending. Nothing here allocates per datagram.
final class LinkSockets {
    /// Datagrams one `receive` call takes at most.
    static let batchSize = 64
    /// Payload room per slot: more than any link datagram (1452 by default).
    static let bufferSize = 2048
    /// Kernel buffer per socket: room for bursts (and floods) while the loop is busy.
    static let kernelBufferSize = 4 << 20

    let ipv4: UDPSocket
    /// `nil` when the host has no IPv6 (the agent then runs on IPv4 alone).
    let ipv6: UDPSocket?
    /// The bound port (both sockets).
    let port: UInt16

    private let receiveBatch = UDPBatch(count: LinkSockets.batchSize, bufferSize: LinkSockets.bufferSize)
    private let sendBatch4 = UDPBatch(count: LinkSockets.batchSize, bufferSize: LinkSockets.bufferSize)
    private let sendBatch6 = UDPBatch(count: LinkSockets.batchSize, bufferSize: LinkSockets.bufferSize)
    private var pending4 = 0
    private var pending6 = 0
    private let logger: Logger

    /// Opens both sockets on `port` (0: the kernel picks one for IPv4 and IPv6 reuses it).
    /// An IPv6 failure is reported through `ipv6Failure` and leaves `ipv6` nil.
    init(port: UInt16, logger: Logger) throws(AgentError) {
        self.logger = logger
        var options = UDPSocketOptions()
        options.reuseAddress = false
        options.receivePacketInfo = true
        options.receiveBufferSize = LinkSockets.kernelBufferSize
        options.sendBufferSize = LinkSockets.kernelBufferSize
        var options4 = options
        options4.broadcast = true
        do {
            ipv4 = try UDPSocket(bindingTo: .v4(.any, port: port), options: options4)
        } catch {
            throw .linkSocket(port: port, error)
        }
        self.port = ipv4.localAddress.port
        var options6 = options
        options6.ipv6Only = true
        do {
            let socket = try UDPSocket(bindingTo: .v6(.any, port: self.port, scopeID: 0), options: options6)
            try socket.setMulticastLoop(false)
            try socket.setMulticastHops(1)
            ipv6 = socket
        } catch {
            logger.warning("no IPv6 link socket (\(error)); running on IPv4 only")
            ipv6 = nil
        }
    }

    /// Receives one batch from `socket` and calls `body` with each datagram's bytes (mutable, for
    /// in-place decryption) and path. Returns how many datagrams were read (0: none queued).
    @inline(__always)
    func receive(
        from socket: UDPSocket, counters: inout AgentCounters,
        _ body: (UnsafeMutableRawBufferPointer, PathAddress) -> Void
    ) throws(SystemError) -> Int {
        let count = try receiveBatch.receive(from: socket)
        for slot in 0..<count {
            if receiveBatch.isTruncated(at: slot) {
                counters.truncatedIn &+= 1
                continue
            }
            guard let source = receiveBatch.address(at: slot) else {
                counters.unknownSource &+= 1
                continue
            }
            body(receiveBatch.payload(at: slot), PathConversion.path(from: source, interface: receiveBatch.interfaceIndex(at: slot)))
        }
        return count
    }

    /// Copies one outgoing datagram into the send batch of its family; a full batch is sent first.
    @inline(__always)
    func enqueue(_ bytes: UnsafeRawBufferPointer, to path: PathAddress, counters: inout AgentCounters) {
        let destination = PathConversion.socketAddress(for: path)
        guard bytes.count <= LinkSockets.bufferSize else {
            counters.sendDropped &+= 1
            return
        }
        if destination.isIPv4 {
            if pending4 == sendBatch4.count { flush(counters: &counters) }
            copy(bytes, into: sendBatch4, slot: pending4, to: destination)
            pending4 += 1
        } else {
            guard ipv6 != nil else {
                counters.sendDropped &+= 1
                return
            }
            if pending6 == sendBatch6.count { flush(counters: &counters) }
            copy(bytes, into: sendBatch6, slot: pending6, to: destination)
            pending6 += 1
        }
    }

    /// Sends every queued datagram (sendmmsg). A datagram the kernel refuses is counted and
    /// skipped (and logged at debug level); when the send buffer is full the rest are dropped
    /// and counted (UDP is lossy; the link layer's keepalives and retries cover it).
    func flush(counters: inout AgentCounters) {
        if pending4 > 0 {
            send(sendBatch4, count: pending4, on: ipv4, counters: &counters)
            pending4 = 0
        }
        if pending6 > 0, let ipv6 {
            send(sendBatch6, count: pending6, on: ipv6, counters: &counters)
            pending6 = 0
        }
    }

    /// Sends one datagram directly (beacons). Returns the error, if any.
    func sendSingle(_ bytes: [UInt8], to destination: SocketAddress) -> SystemError? {
        guard let socket = destination.isIPv4 ? ipv4 : ipv6 else { return nil }
        let result: Result<Bool, SystemError> = bytes.withUnsafeBytes { raw in
            Result { () throws(SystemError) -> Bool in try socket.send(raw, to: destination) }
        }
        if case .failure(let error) = result { return error }
        return nil
    }

    @inline(__always)
    private func copy(_ bytes: UnsafeRawBufferPointer, into batch: UDPBatch, slot: Int, to destination: SocketAddress) {
        let buffer = batch.buffer(at: slot)
        if let base = bytes.baseAddress, bytes.count > 0 {
            buffer.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
        }
        batch.prepareSend(at: slot, length: bytes.count, to: destination)
    }

    private func send(_ batch: UDPBatch, count: Int, on socket: UDPSocket, counters: inout AgentCounters) {
        var start = 0
        while start < count {
            do {
                let sent = try batch.send(on: socket, slots: start..<count)
                if sent == 0 {
                    counters.sendDropped &+= UInt64(count - start)
                    return
                }
                start += sent
            } catch {
                counters.sendErrors &+= 1
                if logger.isEnabled(.debug), let address = batch.address(at: start) {
                    logger.debug("send to \(address): \(error)")
                }
                start += 1
            }
        }
    }
}
