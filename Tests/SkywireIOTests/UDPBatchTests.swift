import Glibc
import Testing
import SkywireIO

/// Fills `batch` slots 0..<count with tagged payloads addressed to `destination`.
func fillBatch(_ batch: UDPBatch, count: Int, to destination: SocketAddress, tag: UInt8) {
    for slot in 0..<count {
        let buffer = batch.buffer(at: slot)
        let length = 20 + slot * 7
        for offset in 0..<length { buffer[offset] = UInt8(truncatingIfNeeded: offset &+ slot) ^ tag }
        buffer[0] = tag
        buffer[1] = UInt8(slot)
        batch.prepareSend(at: slot, length: length, to: destination)
    }
}

/// Receives until `expected` datagrams arrived or ~2 s passed; returns them as (slot, bytes, source, interface).
func receiveAll(
    _ batch: UDPBatch, from socket: UDPSocket, expected: Int, allowTruncation: Bool = false
) throws -> [(bytes: [UInt8], source: SocketAddress?, interface: UInt32?)] {
    var received: [(bytes: [UInt8], source: SocketAddress?, interface: UInt32?)] = []
    let epoll = try Epoll()
    try epoll.add(socket.fileDescriptor, interest: .readable, token: 1)
    let events = EpollEventBuffer(capacity: 4)
    let deadline = SystemClock.monotonicNanoseconds() + 2_000_000_000
    while received.count < expected && SystemClock.monotonicNanoseconds() < deadline {
        let count = try batch.receive(from: socket)
        if count == 0 {
            _ = try epoll.wait(timeoutNanoseconds: 100_000_000, into: events)
            continue
        }
        for slot in 0..<count {
            if !allowTruncation { #expect(!batch.isTruncated(at: slot)) }
            received.append((Array(batch.payload(at: slot)), batch.address(at: slot), batch.interfaceIndex(at: slot)))
        }
    }
    return received
}

@Suite struct UDPBatchTests {
    let loopbackIndex = if_nametoindex("lo")

    @Test(arguments: ["127.0.0.1:0", "[::1]:0"])
    func exchangesAFullBatch(bindText: String) throws {
        let a = try UDPSocket(bindingTo: try SocketAddress(parsing: bindText))
        let b = try UDPSocket(bindingTo: try SocketAddress(parsing: bindText))
        #expect(a.localAddress.port != 0 && b.localAddress.port != 0)
        let sendBatch = UDPBatch()
        let receiveBatch = UDPBatch()
        #expect(sendBatch.count == 64 && sendBatch.bufferSize == 2048)

        fillBatch(sendBatch, count: 64, to: b.localAddress, tag: 0xA5)
        var sent = 0
        while sent < 64 {
            let now = try sendBatch.send(on: a, slots: sent..<64)
            #expect(now > 0)
            if now == 0 { break }
            sent += now
        }
        let received = try receiveAll(receiveBatch, from: b, expected: 64)
        #expect(received.count == 64)
        for (index, datagram) in received.enumerated() {
            #expect(datagram.source == a.localAddress)
            #expect(datagram.interface == loopbackIndex)
            #expect(datagram.bytes.count == 20 + index * 7)
            #expect(datagram.bytes == Array(sendBatch.payload(at: index)))
        }

        // Reply in place: same slots, addresses kept, payload rewritten.
        let count = received.count
        for slot in 0..<count {
            receiveBatch.payload(at: slot)[0] = 0x5A
        }
        #expect(try receiveBatch.send(on: b, count: count) == count)
        let replies = try receiveAll(sendBatch, from: a, expected: count)
        #expect(replies.count == count)
        #expect(replies.allSatisfy { $0.source == b.localAddress && $0.bytes[0] == 0x5A })
    }

    @Test func dualStackSocketSeesIPv4PeersAsV4() throws {
        var options = UDPSocketOptions()
        options.ipv6Only = false
        let server = try UDPSocket(bindingTo: .v6(.any, port: 0, scopeID: 0), options: options)
        #expect(server.isDualStack)
        let client = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        let payload: [UInt8] = [1, 2, 3]
        let accepted = try payload.withUnsafeBytes { raw in
            try client.send(raw, to: .v4(.loopback, port: server.localAddress.port))
        }
        #expect(accepted)
        let batch = UDPBatch(count: 4)
        let received = try receiveAll(batch, from: server, expected: 1)
        #expect(received.first?.bytes == payload)
        #expect(received.first?.source == client.localAddress)
        #expect(received.first?.interface == loopbackIndex)
        // Replies to a .v4 address go out through the IPv6 socket.
        #expect(try batch.send(on: server, count: 1) == 1)
        var buffer = [UInt8](repeating: 0, count: 16)
        let deadline = SystemClock.monotonicNanoseconds() + 2_000_000_000
        var reply: (length: Int, source: SocketAddress)?
        while reply == nil && SystemClock.monotonicNanoseconds() < deadline {
            reply = try buffer.withUnsafeMutableBytes { raw in try client.receive(into: raw) }
            if reply == nil { usleep(1000) }
        }
        #expect(reply?.length == 3)
        #expect(reply?.source == .v4(.loopback, port: server.localAddress.port))
    }

    @Test func socketOptionsApply() throws {
        var options = UDPSocketOptions()
        options.receiveBufferSize = 1 << 20
        options.sendBufferSize = 1 << 19
        options.broadcast = true
        let socket = try UDPSocket(bindingTo: .v4(.loopback, port: 0), options: options)
        #expect(try socket.receiveBufferSize() >= 1 << 20)
        #expect(try socket.sendBufferSize() >= 1 << 19)
        try socket.setMulticastLoop(false)
        try socket.setMulticastInterface(index: loopbackIndex)
        try socket.setMulticastHops(1)

        let v6 = try UDPSocket(bindingTo: .v6(.any, port: 0, scopeID: 0))
        try v6.setMulticastLoop(false)
        try v6.setMulticastInterface(index: loopbackIndex)
        // Joining a group on an interface without multicast may be refused; on `lo` Linux
        // accepts IPv6 joins only when it has the multicast flag. Either outcome is a typed error.
        do {
            try v6.joinMulticastGroup(IPv6Address(high: 0xFF02 << 48, low: 0x5C), interfaceIndex: loopbackIndex)
            try v6.leaveMulticastGroup(IPv6Address(high: 0xFF02 << 48, low: 0x5C), interfaceIndex: loopbackIndex)
        } catch {
            #expect(error.errno != 0)
        }
    }

    @Test func bindErrorsAreTyped() throws {
        var options = UDPSocketOptions()
        options.reuseAddress = false
        let first = try UDPSocket(bindingTo: .v4(.loopback, port: 0), options: options)
        let error = #expect(throws: SystemError.self) {
            _ = try UDPSocket(bindingTo: first.localAddress, options: options)
        }
        #expect(error?.errno == EADDRINUSE)
        #expect(error?.description == "bind: Address already in use")

        options.device = "nosuchif0"
        #expect(throws: SystemError.self) { _ = try UDPSocket(bindingTo: .v4(.loopback, port: 0), options: options) }
        options.device = "lo"
        do {
            let bound = try UDPSocket(bindingTo: .v4(.loopback, port: 0), options: options)
            #expect(bound.localAddress.port != 0)
        } catch {
            #expect(error.errno == EPERM)  // without CAP_NET_RAW on old kernels
        }
    }

    @Test func truncatedDatagramIsFlagged() throws {
        let a = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        let b = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        let big = [UInt8](repeating: 7, count: 300)
        try big.withUnsafeBytes { raw in _ = try a.send(raw, to: b.localAddress) }
        let batch = UDPBatch(count: 2, bufferSize: 100)
        let received = try receiveAll(batch, from: b, expected: 1, allowTruncation: true)
        #expect(received.count == 1)
        #expect(batch.isTruncated(at: 0))
        #expect(batch.length(at: 0) == 100)
    }

    /// GSO: one slot leaves as many datagrams; GRO: they may come back coalesced.
    @Test func segmentationOffload() throws {
        let a = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        let plain = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        var groOptions = UDPSocketOptions()
        groOptions.coalescedReceive = true
        let coalescing = try UDPSocket(bindingTo: .v4(.loopback, port: 0), options: groOptions)

        let batch = UDPBatch(count: 2, bufferSize: 65535)
        let segment = 1000, total = 10 * segment + 300
        let buffer = batch.buffer(at: 0)
        for offset in 0..<total { buffer[offset] = UInt8(truncatingIfNeeded: offset / segment) }
        batch.prepareSend(at: 0, length: total, to: plain.localAddress, segmentSize: segment)
        #expect(try batch.send(on: a, count: 1) == 1)
        let receiver = UDPBatch(count: 64, bufferSize: 65535)
        let pieces = try receiveAll(receiver, from: plain, expected: 11)
        #expect(pieces.map(\.bytes.count) == Array(repeating: segment, count: 10) + [300])
        #expect(pieces.enumerated().allSatisfy { index, piece in piece.bytes.allSatisfy { $0 == UInt8(index) } })

        batch.prepareSend(at: 0, length: total, to: coalescing.localAddress, segmentSize: segment)
        #expect(try batch.send(on: a, count: 1) == 1)
        var bytes = 0
        var sawCoalesced = false
        let deadline = SystemClock.monotonicNanoseconds() + 2_000_000_000
        while bytes < total && SystemClock.monotonicNanoseconds() < deadline {
            let count = try receiver.receive(from: coalescing)
            for slot in 0..<count {
                bytes += receiver.length(at: slot)
                if let size = receiver.segmentSize(at: slot) {
                    #expect(size == segment)
                    sawCoalesced = true
                }
            }
            if count == 0 { usleep(1000) }
        }
        #expect(bytes == total)
        #expect(sawCoalesced)
    }

    @Test func emptyQueueReceivesZeroAndFullBufferSendsZero() throws {
        var options = UDPSocketOptions()
        options.sendBufferSize = 4096
        let a = try UDPSocket(bindingTo: .v4(.loopback, port: 0), options: options)
        let b = try UDPSocket(bindingTo: .v4(.loopback, port: 0))
        let batch = UDPBatch(count: 64, bufferSize: 2048)
        #expect(try batch.receive(from: b) == 0)
        // Nobody reads b: sends succeed until its receive buffer drops them (UDP never blocks
        // on the receiver), so only the count bounds are checked here.
        fillBatch(batch, count: 64, to: b.localAddress, tag: 1)
        let sent = try batch.send(on: a, count: 64)
        #expect(sent >= 0 && sent <= 64)
        #expect(try batch.send(on: a, slots: 64..<64) == 0)
    }
}
