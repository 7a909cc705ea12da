/// A bounded FIFO of datagrams in one preallocated byte ring: each entry is
/// `length (2, big-endian) ‖ bytes`. Nothing allocates after `init`.
struct DatagramQueue {
    private var ring: ByteRing
    private var head: UInt64 = 0
    private var tail: UInt64 = 0
    private(set) var count = 0

    init(capacity: Int) {
        ring = ByteRing(capacity: max(capacity, 3))
    }

    var isEmpty: Bool { count == 0 }
    var bytesHeld: Int { Int(tail - head) }

    /// Appends a datagram; false if it does not fit (or is longer than 65535 bytes).
    mutating func push(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= Int(UInt16.max), 2 + bytes.count <= ring.capacity - bytesHeld else { return false }
        var prefix = UInt16(bytes.count).bigEndian
        withUnsafeBytes(of: &prefix) { ring.write($0, at: tail) }
        ring.write(bytes, at: tail + 2)
        tail += UInt64(2 + bytes.count)
        count += 1
        return true
    }

    /// The length of the first datagram.
    var firstLength: Int? {
        guard count > 0 else { return nil }
        var prefix: UInt16 = 0
        withUnsafeMutableBytes(of: &prefix) { ring.read(at: head, into: $0) }
        return Int(UInt16(bigEndian: prefix))
    }

    /// Copies the first datagram into `out` (which must hold `firstLength` bytes) and removes it.
    mutating func popFirst(into out: UnsafeMutableRawBufferPointer) -> Int {
        guard let length = firstLength, out.count >= length else { return 0 }
        ring.read(at: head + 2, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<length]))
        head += UInt64(2 + length)
        ring.release(upTo: head)
        count -= 1
        return length
    }
}
