/// A min-heap of timed simulator events. Events at the same time are ordered by a key the
/// caller gives (say, the receiving link and its own packet counter) and then by insertion, so
/// the order does not depend on the order in which simultaneous events were handled before.
struct EventQueue<Payload> {
    struct Entry {
        let time: UInt64
        let key: (UInt64, UInt64)
        let sequence: UInt64
        let payload: Payload
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: UInt64? { heap.first?.time }

    mutating func push(_ payload: Payload, at time: UInt64, key: (UInt64, UInt64) = (0, 0)) {
        heap.append(Entry(time: time, key: key, sequence: nextSequence, payload: payload))
        nextSequence &+= 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.key != b.key { return a.key < b.key }
        return a.sequence < b.sequence
    }
}
