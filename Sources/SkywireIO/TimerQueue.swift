/// Names one scheduled timer. It goes stale when the timer fires or is cancelled; a stale
/// handle is ignored by `cancel` and `reschedule` even after its slot is reused.
public struct TimerHandle: Hashable, Sendable {
    let slot: UInt32
    let generation: UInt32
}

/// A timer that `popExpired` handed back.
public struct ExpiredTimer<Token> {
    /// The handle `schedule` returned (now stale).
    public let handle: TimerHandle
    /// When the timer was due.
    public let deadline: UInt64
    /// The caller's token.
    public let token: Token
}

extension ExpiredTimer: Sendable where Token: Sendable {}

/// Timers as (deadline, token) pairs, sans-IO: deadlines are monotonic nanoseconds that the
/// caller supplies, and nothing here reads a clock.
///
/// Design: an *indexed* binary min-heap. Every timer lives in a slot (reused through a free
/// list) that records its position in the heap, so `cancel` and `reschedule` find it in O(1)
/// and fix the heap in O(log n); `schedule` and `popExpired` are O(log n); `nextDeadline` is
/// O(1). This was chosen over
/// - a heap with lazy cancellation: the node reschedules idle/keepalive timers on nearly every
///   packet, and each lazy reschedule leaves a tombstone, so the heap would grow with the packet
///   rate instead of with the number of live timers;
/// - a hashed timing wheel: O(1) operations, but it quantises deadlines to ticks and spends work
///   on empty buckets when the loop sleeps long; with a few thousand timers at most, log n ≤ 12.
/// Timers with equal deadlines fire in the order they were (re)scheduled. Storage grows only
/// when more timers are live than ever before; `init(capacity:)` reserves it up front, after
/// which no operation allocates.
public struct TimerQueue<Token> {
    fileprivate struct Slot {
        var deadline: UInt64
        var sequence: UInt64
        var token: Token?
        var generation: UInt32
        /// Index in `heap`, or -1 while the slot is free.
        var heapPosition: Int
    }

    private var slots: [Slot] = []
    /// Slot indices, ordered as a binary min-heap by (deadline, sequence).
    private var heap: [UInt32] = []
    private var freeSlots: [UInt32] = []
    private var nextSequence: UInt64 = 0

    /// An empty queue with room for `capacity` live timers before any allocation.
    public init(capacity: Int = 64) {
        slots.reserveCapacity(capacity)
        heap.reserveCapacity(capacity)
        freeSlots.reserveCapacity(capacity)
    }

    /// How many timers are scheduled.
    public var count: Int { heap.count }

    /// True when no timer is scheduled.
    public var isEmpty: Bool { heap.isEmpty }

    /// The earliest deadline, or `nil` when no timer is scheduled.
    public var nextDeadline: UInt64? {
        guard let first = heap.first else { return nil }
        return slots[Int(first)].deadline
    }

    /// Nanoseconds from `now` until the earliest deadline (0 if already due), or `nil` when no
    /// timer is scheduled: the value to pass to `Epoll.wait(timeoutNanoseconds:)`.
    public func timeout(now: UInt64) -> UInt64? {
        guard let deadline = nextDeadline else { return nil }
        return deadline > now ? deadline - now : 0
    }

    /// Schedules `token` to expire at `deadline`.
    public mutating func schedule(_ token: Token, at deadline: UInt64) -> TimerHandle {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
            slots[slot].deadline = deadline
            slots[slot].sequence = takeSequence()
            slots[slot].token = token
        } else {
            slot = slots.count
            slots.append(Slot(deadline: deadline, sequence: takeSequence(), token: token, generation: 0, heapPosition: -1))
        }
        heap.append(UInt32(slot))
        slots[slot].heapPosition = heap.count - 1
        siftUp(heap.count - 1)
        return TimerHandle(slot: UInt32(slot), generation: slots[slot].generation)
    }

    /// Cancels a scheduled timer and returns its token; `nil` if the handle is stale.
    @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Token? {
        guard let position = livePosition(of: handle) else { return nil }
        return removeFromHeap(at: position)
    }

    /// Moves a scheduled timer to a new deadline; false if the handle is stale.
    /// The handle stays valid.
    @discardableResult
    public mutating func reschedule(_ handle: TimerHandle, to deadline: UInt64) -> Bool {
        guard let position = livePosition(of: handle) else { return false }
        let slot = Int(handle.slot)
        slots[slot].deadline = deadline
        slots[slot].sequence = takeSequence()
        siftDown(siftUp(position))
        return true
    }

    /// The deadline of a scheduled timer, or `nil` if the handle is stale.
    public func deadline(of handle: TimerHandle) -> UInt64? {
        guard livePosition(of: handle) != nil else { return nil }
        return slots[Int(handle.slot)].deadline
    }

    /// Removes and returns the earliest timer whose deadline is at or before `now`, or `nil`.
    /// Call it in a loop until `nil` to fire everything due.
    public mutating func popExpired(now: UInt64) -> ExpiredTimer<Token>? {
        guard let first = heap.first else { return nil }
        let slot = Int(first)
        let deadline = slots[slot].deadline
        guard deadline <= now else { return nil }
        let handle = TimerHandle(slot: first, generation: slots[slot].generation)
        guard let token = removeFromHeap(at: 0) else { return nil }
        return ExpiredTimer(handle: handle, deadline: deadline, token: token)
    }

    // MARK: Heap maintenance

    private func livePosition(of handle: TimerHandle) -> Int? {
        let slot = Int(handle.slot)
        guard slot < slots.count, slots[slot].generation == handle.generation else { return nil }
        let position = slots[slot].heapPosition
        return position >= 0 ? position : nil
    }

    private mutating func takeSequence() -> UInt64 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }

    /// Removes the entry at `position`, frees its slot and returns its token.
    private mutating func removeFromHeap(at position: Int) -> Token? {
        let slot = Int(heap[position])
        let last = heap.count - 1
        if position != last {
            swapEntries(position, last)
        }
        heap.removeLast()
        if position < heap.count {
            siftDown(siftUp(position))
        }
        let token = slots[slot].token
        slots[slot].token = nil
        slots[slot].heapPosition = -1
        slots[slot].generation &+= 1
        freeSlots.append(UInt32(slot))
        return token
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let left = Int(heap[a]), right = Int(heap[b])
        let leftDeadline = slots[left].deadline, rightDeadline = slots[right].deadline
        if leftDeadline != rightDeadline { return leftDeadline < rightDeadline }
        return slots[left].sequence < slots[right].sequence
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        slots[Int(heap[a])].heapPosition = a
        slots[Int(heap[b])].heapPosition = b
    }

    /// Moves the entry at `position` up while it precedes its parent; returns its final position.
    @discardableResult
    private mutating func siftUp(_ position: Int) -> Int {
        var child = position
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            swapEntries(child, parent)
            child = parent
        }
        return child
    }

    private mutating func siftDown(_ position: Int) {
        var parent = position
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let smaller = right < heap.count && precedes(right, left) ? right : left
            guard precedes(smaller, parent) else { return }
            swapEntries(smaller, parent)
            parent = smaller
        }
    }
}

extension TimerQueue: Sendable where Token: Sendable {}
extension TimerQueue.Slot: Sendable where Token: Sendable {}
