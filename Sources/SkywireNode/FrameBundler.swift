import SkywireCrypto

/// Garlic bundling (docs/protocol.md §5): routing frames queued for the same neighbour between two
/// flushes share link packets, each filled up to the link's payload size, in the order queued.
///
/// A route setup and the data queued right behind it therefore leave in one packet when they fit,
/// so the data cannot overtake the setup. Buffers are kept between flushes (no allocation per
/// packet once warmed up).
struct FrameBundler {
    /// Packets under construction per neighbour; the last one is being filled.
    private var queues: [PublicKey: [[UInt8]]] = [:]
    /// Neighbours with something queued, in the order they got their first frame (so a flush is
    /// deterministic).
    private var order: [PublicKey] = []
    private var spare: [[UInt8]] = []
    private let zeros: [UInt8]
    private(set) var droppedFrames: UInt64 = 0

    let packetLimit: Int
    let maxBytesPerNeighbour: Int

    init(packetLimit: Int, maxBytesPerNeighbour: Int) {
        self.packetLimit = packetLimit
        self.maxBytesPerNeighbour = maxBytesPerNeighbour
        zeros = [UInt8](repeating: 0, count: packetLimit)
    }

    var isEmpty: Bool { order.isEmpty }

    /// Queues one frame `type ‖ length ‖ body` for `neighbour`; `writeBody` fills exactly
    /// `bodyLength` bytes. False (and counted) if the frame can never fit a packet or the
    /// neighbour's queue is full.
    @discardableResult
    mutating func append(
        to neighbour: PublicKey, type: UInt8, bodyLength: Int, writeBody: (UnsafeMutableRawBufferPointer) -> Void
    ) -> Bool {
        let frameLength = 3 + bodyLength
        guard frameLength <= packetLimit, bodyLength <= Int(UInt16.max) else {
            droppedFrames &+= 1
            return false
        }
        var packets = queues.removeValue(forKey: neighbour) ?? []
        if packets.isEmpty { order.append(neighbour) }
        let queued = packets.isEmpty ? 0 : (packets.count - 1) * packetLimit + packets[packets.count - 1].count
        guard queued + frameLength <= maxBytesPerNeighbour else {
            queues[neighbour] = packets
            droppedFrames &+= 1
            return false
        }
        if packets.isEmpty || packets[packets.count - 1].count + frameLength > packetLimit {
            var fresh = spare.popLast() ?? []
            fresh.removeAll(keepingCapacity: true)
            fresh.reserveCapacity(packetLimit)
            packets.append(fresh)
        }
        let last = packets.count - 1
        let start = packets[last].count
        packets[last].append(type)
        packets[last].append(UInt8(truncatingIfNeeded: bodyLength >> 8))
        packets[last].append(UInt8(truncatingIfNeeded: bodyLength))
        // Grow by a slice of zeros (a contiguous copy), then write the body in place.
        packets[last].append(contentsOf: zeros[0..<bodyLength])
        packets[last].withUnsafeMutableBytes { all in
            writeBody(UnsafeMutableRawBufferPointer(rebasing: all[(start + 3)...]))
        }
        queues[neighbour] = packets
        return true
    }

    /// Queues a frame whose body is `body`.
    @discardableResult
    mutating func append(to neighbour: PublicKey, type: UInt8, body: UnsafeRawBufferPointer) -> Bool {
        append(to: neighbour, type: type, bodyLength: body.count) { out in
            if let source = body.baseAddress, body.count > 0 {
                out.baseAddress!.copyMemory(from: source, byteCount: body.count)
            }
        }
    }

    @discardableResult
    mutating func append(to neighbour: PublicKey, type: UInt8, body: [UInt8]) -> Bool {
        body.withUnsafeBytes { append(to: neighbour, type: type, body: $0) }
    }

    /// Hands every queued packet to `send` (neighbour, frame list), neighbours in the order they
    /// were first queued, packets in order; empties the queues.
    mutating func flush(_ send: (PublicKey, UnsafeRawBufferPointer) -> Void) {
        let neighbours = order
        order.removeAll(keepingCapacity: true)
        for neighbour in neighbours {
            guard let packets = queues.removeValue(forKey: neighbour) else { continue }
            for packet in packets {
                packet.withUnsafeBytes { send(neighbour, $0) }
                if spare.count < 16 { spare.append(packet) }
            }
        }
    }
}
