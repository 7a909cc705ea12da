/// The packets a route has in flight, in sending order: a queue in a ring over an array
/// (append at the back, remove at the front, random access by position from the front).
///
/// Storage grows by doubling when full (amortised; it never shrinks), so once it has reached the
/// working size of a session appending and removing allocate nothing. Not generic, so debug
/// builds need no generic metadata on the packet path.
struct SentPacketQueue {
    typealias Element = SentPacket
    private var storage: [Element]
    /// Fills unused slots.
    private static let empty = SentPacket(
        number: 0, routeSequence: 0, sentAt: 0, size: 0, ackEliciting: false, inFlight: false,
        streamRange: 0..<0, outstanding: false)
    private var head = 0
    private(set) var count = 0

    /// An empty queue with room for `capacity` elements before it first grows.
    init(capacity: Int) {
        storage = Array(repeating: Self.empty, count: max(4, capacity))
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func slot(_ position: Int) -> Int {
        let raw = head + position
        return raw >= storage.count ? raw - storage.count : raw
    }

    /// The element at `position` from the front (0 ..< count).
    subscript(position: Int) -> Element {
        get { storage[slot(position)] }
        set { storage[slot(position)] = newValue }
    }

    var first: Element? { count > 0 ? storage[head] : nil }
    var last: Element? { count > 0 ? storage[slot(count - 1)] : nil }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        storage[slot(count)] = element
        count += 1
    }

    @discardableResult
    mutating func removeFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        head = head + 1 == storage.count ? 0 : head + 1
        count -= 1
        return element
    }

    mutating func removeAll() {
        count = 0
        head = 0
    }

    private mutating func grow() {
        var bigger: [Element] = Array(repeating: Self.empty, count: storage.count * 2)
        for i in 0..<count { bigger[i] = storage[slot(i)] }
        storage = bigger
        head = 0
    }
}

/// A fixed-capacity window of a byte stream addressed by absolute stream offsets: it holds the
/// bytes `base ..< base + capacity` (those written so far). Allocated once, in `init`.
struct ByteRing {
    private var storage: [UInt8]
    /// The lowest offset held; everything below it was released.
    private(set) var base: UInt64 = 0

    init(capacity: Int) {
        storage = [UInt8](repeating: 0, count: max(1, capacity))
    }

    var capacity: Int { storage.count }
    /// The first offset that does not fit.
    var limit: UInt64 { base + UInt64(storage.count) }

    /// Stores `bytes` at stream offset `offset`; the range must lie in `base ..< limit`.
    mutating func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) {
        precondition(offset >= base && offset + UInt64(bytes.count) <= limit, "ByteRing write out of window")
        guard bytes.count > 0 else { return }
        let cap = storage.count
        let start = Int(offset % UInt64(cap))
        let firstPart = min(bytes.count, cap - start)
        storage.withUnsafeMutableBytes { raw in
            raw.baseAddress!.advanced(by: start).copyMemory(from: bytes.baseAddress!, byteCount: firstPart)
            if firstPart < bytes.count {
                raw.baseAddress!.copyMemory(from: bytes.baseAddress!.advanced(by: firstPart), byteCount: bytes.count - firstPart)
            }
        }
    }

    /// Copies the `out.count` bytes at `offset` (which must lie in `base ..< limit`) into `out`.
    func read(at offset: UInt64, into out: UnsafeMutableRawBufferPointer) {
        precondition(offset >= base && offset + UInt64(out.count) <= limit, "ByteRing read out of window")
        guard out.count > 0 else { return }
        let cap = storage.count
        let start = Int(offset % UInt64(cap))
        let firstPart = min(out.count, cap - start)
        storage.withUnsafeBytes { raw in
            out.baseAddress!.copyMemory(from: raw.baseAddress!.advanced(by: start), byteCount: firstPart)
            if firstPart < out.count {
                out.baseAddress!.advanced(by: firstPart).copyMemory(from: raw.baseAddress!, byteCount: out.count - firstPart)
            }
        }
    }

    /// Forgets everything below `offset` (which must not go backwards).
    mutating func release(upTo offset: UInt64) {
        if offset > base { base = offset }
    }
}
