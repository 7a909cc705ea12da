import SkywireCrypto

/// A queue of datagrams (or frames) in fixed-size buffers that are allocated on first use and
/// then reused for the life of the queue: in steady state nothing here allocates.
///
/// Use: `reserve()` a buffer, write into it, `commit` its length and address; `drain` hands out
/// every committed entry in order and empties the queue (entries committed during the drain are
/// handed out in the same drain).
final class DatagramQueue {
    let slotSize: Int
    let capacity: Int
    private var slots: [UnsafeMutableRawBufferPointer] = []
    private var lengths: [Int] = []
    private var paths: [PathAddress] = []
    private var keys: [PublicKey?] = []
    private(set) var count = 0

    init(slotSize: Int, capacity: Int) {
        self.slotSize = slotSize
        self.capacity = max(1, capacity)
    }

    deinit {
        for slot in slots { slot.deallocate() }
    }

    /// The buffer for the next entry (`slotSize` bytes), or nil when the queue is full.
    /// Its contents are whatever an earlier entry left; write before committing.
    func reserve() -> UnsafeMutableRawBufferPointer? {
        guard count < capacity else { return nil }
        if count == slots.count {
            let slot = UnsafeMutableRawBufferPointer.allocate(byteCount: slotSize, alignment: 16)
            slot.initializeMemory(as: UInt8.self, repeating: 0)
            slots.append(slot)
            lengths.append(0)
            paths.append(PathAddress(interface: 0, endpoint: .ipv4(address: 0, port: 0)))
            keys.append(nil)
        }
        return slots[count]
    }

    /// Adds the entry written into the buffer `reserve()` returned.
    func commit(length: Int, path: PathAddress, key: PublicKey? = nil) {
        precondition(count < slots.count && length >= 0 && length <= slotSize, "commit without reserve")
        lengths[count] = length
        paths[count] = path
        keys[count] = key
        count += 1
    }

    /// Hands out every entry in order, then empties the queue. The buffers are valid only
    /// inside `body`.
    func drain(_ body: (UnsafeRawBufferPointer, PathAddress, PublicKey?) -> Void) {
        var i = 0
        while i < count {
            body(UnsafeRawBufferPointer(rebasing: slots[i][0..<lengths[i]]), paths[i], keys[i])
            i += 1
        }
        count = 0
    }
}
