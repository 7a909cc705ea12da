import Glibc
internal import CSkywireLinux

/// A preallocated batch of datagram slots for `recvmmsg`/`sendmmsg`.
///
/// Each slot owns a payload buffer of `bufferSize` bytes, sockaddr storage and a control buffer,
/// all allocated once in `init`; `receive` and `send` never allocate. Upper layers decrypt and
/// re-encrypt in place in `buffer(at:)`, then send the same slots on: a forwarded packet is
/// never copied.
///
/// Receive: `receive(from:)` fills slots `0..<n`; read `payload(at:)`, `address(at:)` (the
/// source), `interfaceIndex(at:)`, `isTruncated(at:)`, `segmentSize(at:)`.
/// Send: write into `buffer(at:)`, call `prepareSend(at:length:to:segmentSize:)` for slots
/// `0..<k` (or keep a received slot's source address to reply), then `send(on:count:)`.
///
/// Not thread-safe: one batch belongs to one loop.
public final class UDPBatch {
    /// The number of slots (at most 1024, the kernel's limit per call).
    public let count: Int
    /// The payload capacity of each slot in bytes (1...65535).
    public let bufferSize: Int

    private let bufferStride: Int
    private let headers: UnsafeMutableRawPointer
    private let vectors: UnsafeMutablePointer<iovec>
    private let buffers: UnsafeMutableRawPointer
    private let names: UnsafeMutableRawPointer
    private let controls: UnsafeMutableRawPointer
    private let lengths: UnsafeMutablePointer<Int>
    private let interfaceIndices: UnsafeMutablePointer<UInt32>
    /// GRO segment size reported by the last receive (0 = not coalesced).
    private let receivedSegmentSizes: UnsafeMutablePointer<UInt32>
    /// GSO segment size for the next send (0 = one datagram); receive resets it.
    private let sendSegmentSizes: UnsafeMutablePointer<UInt32>
    private let flags: UnsafeMutablePointer<Int32>

    private static let nameSize = SocketAddress.storageSize
    private static let controlSize = ControlMessages.slotCapacity

    /// Allocates `count` slots (default 64, clamped to 1...1024) of `bufferSize` bytes each
    /// (default 2048, clamped to 1...65535; use 65535 with UDP_GRO or GSO).
    public init(count: Int = 64, bufferSize: Int = 2048) {
        self.count = min(max(count, 1), 1024)
        self.bufferSize = min(max(bufferSize, 1), 65535)
        bufferStride = (self.bufferSize + 63) & ~63
        let slots = self.count
        headers = .allocate(byteCount: slots * LinuxCalls.multiMessageStride, alignment: MemoryLayout<msghdr>.alignment)
        vectors = .allocate(capacity: slots)
        buffers = .allocate(byteCount: slots * bufferStride, alignment: 64)
        buffers.initializeMemory(as: UInt8.self, repeating: 0, count: slots * bufferStride)
        names = .allocate(byteCount: slots * UDPBatch.nameSize, alignment: 8)
        names.initializeMemory(as: UInt8.self, repeating: 0, count: slots * UDPBatch.nameSize)
        controls = .allocate(byteCount: slots * UDPBatch.controlSize, alignment: 8)
        controls.initializeMemory(as: UInt8.self, repeating: 0, count: slots * UDPBatch.controlSize)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        interfaceIndices = .allocate(capacity: slots)
        interfaceIndices.initialize(repeating: 0, count: slots)
        receivedSegmentSizes = .allocate(capacity: slots)
        receivedSegmentSizes.initialize(repeating: 0, count: slots)
        sendSegmentSizes = .allocate(capacity: slots)
        sendSegmentSizes.initialize(repeating: 0, count: slots)
        flags = .allocate(capacity: slots)
        flags.initialize(repeating: 0, count: slots)
        for slot in 0..<slots {
            (vectors + slot).initialize(to: iovec(iov_base: buffers + slot * bufferStride, iov_len: self.bufferSize))
            var header = msghdr()
            header.msg_name = names + slot * UDPBatch.nameSize
            header.msg_namelen = socklen_t(UDPBatch.nameSize)
            header.msg_iov = vectors + slot
            header.msg_iovlen = 1
            header.msg_control = controls + slot * UDPBatch.controlSize
            header.msg_controllen = UDPBatch.controlSize
            let base = headers + slot * LinuxCalls.multiMessageStride
            base.initializeMemory(as: UInt8.self, repeating: 0, count: LinuxCalls.multiMessageStride)
            base.initializeMemory(as: msghdr.self, repeating: header, count: 1)
        }
    }

    deinit {
        headers.deallocate()
        vectors.deinitialize(count: count)
        vectors.deallocate()
        buffers.deallocate()
        names.deallocate()
        controls.deallocate()
        lengths.deallocate()
        interfaceIndices.deallocate()
        receivedSegmentSizes.deallocate()
        sendSegmentSizes.deallocate()
        flags.deallocate()
    }

    @inline(__always)
    private func header(_ slot: Int) -> UnsafeMutablePointer<msghdr> {
        (headers + slot * LinuxCalls.multiMessageStride).assumingMemoryBound(to: msghdr.self)
    }

    @inline(__always)
    private func checkSlot(_ slot: Int) {
        precondition(slot >= 0 && slot < count, "UDPBatch slot out of range")
    }

    // MARK: Slot access

    /// The whole buffer of `slot` (`bufferSize` bytes), to write a datagram into.
    public func buffer(at slot: Int) -> UnsafeMutableRawBufferPointer {
        checkSlot(slot)
        return UnsafeMutableRawBufferPointer(start: buffers + slot * bufferStride, count: bufferSize)
    }

    /// The datagram in `slot`: the first `length(at:)` bytes of its buffer.
    public func payload(at slot: Int) -> UnsafeMutableRawBufferPointer {
        checkSlot(slot)
        return UnsafeMutableRawBufferPointer(start: buffers + slot * bufferStride, count: lengths[slot])
    }

    /// The datagram length in `slot` (received, or set by `prepareSend`).
    public func length(at slot: Int) -> Int {
        checkSlot(slot)
        return lengths[slot]
    }

    /// Sets the datagram length of `slot` (0...bufferSize), keeping its address: after a
    /// receive, this readies a reply to the source in place.
    public func setLength(_ length: Int, at slot: Int) {
        checkSlot(slot)
        lengths[slot] = min(max(length, 0), bufferSize)
    }

    /// The address in `slot`: the source after `receive`, the destination after `prepareSend`.
    /// IPv4-mapped sources on dual-stack sockets come back as `.v4`.
    public func address(at slot: Int) -> SocketAddress? {
        checkSlot(slot)
        return SocketAddress(sockaddr: names + slot * UDPBatch.nameSize, length: Int(header(slot).pointee.msg_namelen))
    }

    /// The interface index the datagram in `slot` arrived on, or `nil` when the socket does not
    /// report packet info.
    public func interfaceIndex(at slot: Int) -> UInt32? {
        checkSlot(slot)
        let index = interfaceIndices[slot]
        return index == 0 ? nil : index
    }

    /// True when the datagram in `slot` was longer than `bufferSize` and was cut (MSG_TRUNC).
    public func isTruncated(at slot: Int) -> Bool {
        checkSlot(slot)
        return flags[slot] & Int32(MSG_TRUNC) != 0
    }

    /// For a coalesced (UDP_GRO) receive, the size of each original datagram in the slot's
    /// payload (the last may be shorter); `nil` for an ordinary datagram.
    public func segmentSize(at slot: Int) -> Int? {
        checkSlot(slot)
        let size = receivedSegmentSizes[slot]
        return size == 0 ? nil : Int(size)
    }

    /// Prepares `slot` to send its first `length` bytes to `destination`.
    ///
    /// With `segmentSize`, the kernel splits the payload into datagrams of that size (UDP GSO,
    /// Linux 4.18+; the last may be shorter; at most 64 segments, and `length` within one IP
    /// packet's 65507 bytes): one slot then sends many equal-size datagrams to one destination.
    public func prepareSend(at slot: Int, length: Int, to destination: SocketAddress, segmentSize: Int? = nil) {
        checkSlot(slot)
        lengths[slot] = min(max(length, 0), bufferSize)
        header(slot).pointee.msg_namelen = destination.write(to: names + slot * UDPBatch.nameSize)
        sendSegmentSizes[slot] = UInt32(min(max(segmentSize ?? 0, 0), Int(UInt16.max)))
    }

    // MARK: Batched I/O

    /// Receives up to `count` queued datagrams into slots `0..<n` and returns n (0 when none is
    /// queued). Never blocks and never allocates.
    public func receive(from socket: UDPSocket) throws(SystemError) -> Int {
        let receive = CSkywireLinux_recvmmsg
        for slot in 0..<count {
            let message = header(slot)
            message.pointee.msg_namelen = socklen_t(UDPBatch.nameSize)
            message.pointee.msg_control = controls + slot * UDPBatch.controlSize
            message.pointee.msg_controllen = UDPBatch.controlSize
            message.pointee.msg_flags = 0
            vectors[slot].iov_len = bufferSize
            sendSegmentSizes[slot] = 0
        }
        let fd = socket.fileDescriptor, slots = UInt32(count)
        guard let received = try retryingInterruptsUnlessWouldBlock("recvmmsg", {
            receive(fd, headers, slots, Int32(MSG_DONTWAIT), nil)
        }) else { return 0 }
        let total = Int(received)
        for slot in 0..<total {
            let base = headers + slot * LinuxCalls.multiMessageStride
            let length = Int(base.load(fromByteOffset: LinuxCalls.multiMessageLengthOffset, as: UInt32.self))
            let message = header(slot).pointee
            lengths[slot] = min(length, bufferSize)
            flags[slot] = message.msg_flags
            let info = ControlMessages.parseReceive(
                controls + slot * UDPBatch.controlSize, length: Int(message.msg_controllen))
            interfaceIndices[slot] = info.interfaceIndex
            receivedSegmentSizes[slot] = info.segmentSize
        }
        return total
    }

    /// Sends slots `0..<count` (each to its own address, with its own length) and returns how
    /// many the kernel took. See `send(on:slots:)`.
    public func send(on socket: UDPSocket, count: Int) throws(SystemError) -> Int {
        try send(on: socket, slots: 0..<count)
    }

    /// Sends the slots in `range` in order and returns how many the kernel took, from the
    /// start of the range.
    ///
    /// A result below `range.count` means the send buffer filled (0 when it was already full:
    /// EAGAIN); wait for `.writable` and call again from `range.lowerBound + result`. An error
    /// concerns the first slot of the range (e.g. EMSGSIZE, or ECONNREFUSED from an earlier
    /// ICMP error): the caller may skip that slot and go on.
    public func send(on socket: UDPSocket, slots range: Range<Int>) throws(SystemError) -> Int {
        let send = CSkywireLinux_sendmmsg
        let range = range.clamped(to: 0..<count)
        guard !range.isEmpty else { return 0 }
        for slot in range {
            let message = header(slot)
            vectors[slot].iov_len = lengths[slot]
            message.pointee.msg_flags = 0
            let segment = sendSegmentSizes[slot]
            if segment > 0 {
                let control = controls + slot * UDPBatch.controlSize
                message.pointee.msg_control = control
                message.pointee.msg_controllen = ControlMessages.writeSegmentSize(UInt16(segment), into: control)
            } else {
                message.pointee.msg_control = nil
                message.pointee.msg_controllen = 0
            }
        }
        let fd = socket.fileDescriptor
        let first = headers + range.lowerBound * LinuxCalls.multiMessageStride
        let length = UInt32(range.count)
        guard let sent = try retryingInterruptsUnlessWouldBlock("sendmmsg", {
            send(fd, first, length, Int32(MSG_DONTWAIT))
        }) else { return 0 }
        return Int(sent)
    }
}
