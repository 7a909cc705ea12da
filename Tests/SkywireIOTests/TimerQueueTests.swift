import Testing
import SkywireIO

@Suite struct TimerQueueTests {
    private func drain(_ queue: inout TimerQueue<String>, now: UInt64) -> [String] {
        var fired: [String] = []
        while let timer = queue.popExpired(now: now) { fired.append(timer.token) }
        return fired
    }

    @Test func firesInDeadlineOrder() {
        var queue = TimerQueue<String>()
        _ = queue.schedule("c", at: 30)
        _ = queue.schedule("a", at: 10)
        _ = queue.schedule("b", at: 20)
        _ = queue.schedule("d", at: 40)
        #expect(queue.nextDeadline == 10)
        #expect(queue.timeout(now: 4) == 6)
        #expect(queue.timeout(now: 15) == 0)
        #expect(queue.popExpired(now: 9) == nil)
        #expect(drain(&queue, now: 30) == ["a", "b", "c"])
        #expect(queue.count == 1)
        #expect(drain(&queue, now: 100) == ["d"])
        #expect(queue.isEmpty && queue.nextDeadline == nil && queue.timeout(now: 0) == nil)
    }

    @Test func equalDeadlinesFireInScheduleOrder() {
        var queue = TimerQueue<String>()
        for name in ["1", "2", "3", "4", "5"] { _ = queue.schedule(name, at: 7) }
        #expect(drain(&queue, now: 7) == ["1", "2", "3", "4", "5"])
    }

    @Test func cancelAndStaleHandles() {
        var queue = TimerQueue<String>()
        let a = queue.schedule("a", at: 10)
        let b = queue.schedule("b", at: 20)
        let c = queue.schedule("c", at: 30)
        #expect(queue.cancel(b) == "b")
        #expect(queue.cancel(b) == nil)
        #expect(queue.deadline(of: b) == nil)
        #expect(queue.reschedule(b, to: 1) == false)
        // b's slot is reused; the old handle must not touch the new timer.
        let d = queue.schedule("d", at: 25)
        #expect(queue.cancel(b) == nil)
        #expect(queue.deadline(of: d) == 25)
        #expect(drain(&queue, now: 100) == ["a", "d", "c"])
        #expect(queue.cancel(a) == nil && queue.cancel(c) == nil)
    }

    @Test func rescheduleMovesBothWays() {
        var queue = TimerQueue<String>()
        let a = queue.schedule("a", at: 10)
        _ = queue.schedule("b", at: 20)
        let c = queue.schedule("c", at: 30)
        #expect(queue.reschedule(a, to: 35) as Bool)
        #expect(queue.reschedule(c, to: 5) as Bool)
        #expect(queue.nextDeadline == 5)
        #expect(queue.deadline(of: a) == 35)
        #expect(drain(&queue, now: 20) == ["c", "b"])
        #expect(queue.reschedule(a, to: 21) as Bool)
        #expect(drain(&queue, now: 21) == ["a"])
    }

    @Test func popReturnsHandleAndDeadline() {
        var queue = TimerQueue<Int>()
        let handle = queue.schedule(42, at: 9)
        let timer = queue.popExpired(now: 10)
        #expect(timer?.handle == handle && timer?.deadline == 9 && timer?.token == 42)
        #expect(queue.cancel(handle) == nil)
    }

    /// Random operations against a simple sorted model.
    @Test func matchesModelUnderRandomOperations() {
        var generator = SplitMix(seed: 0x5EED)
        var queue = TimerQueue<Int>(capacity: 8)
        var model: [(handle: TimerHandle, deadline: UInt64, sequence: Int, token: Int)] = []
        var sequence = 0
        var now: UInt64 = 0
        for step in 0..<20_000 {
            switch generator.next() % 5 {
            case 0, 1:
                let deadline = now + generator.next() % 1000
                let handle = queue.schedule(step, at: deadline)
                model.append((handle, deadline, sequence, step)); sequence += 1
            case 2:
                guard !model.isEmpty else { continue }
                let index = Int(generator.next() % UInt64(model.count))
                #expect(queue.cancel(model[index].handle) == model[index].token)
                model.remove(at: index)
            case 3:
                guard !model.isEmpty else { continue }
                let index = Int(generator.next() % UInt64(model.count))
                let deadline = now + generator.next() % 1000
                #expect(queue.reschedule(model[index].handle, to: deadline) as Bool)
                model[index].deadline = deadline; model[index].sequence = sequence; sequence += 1
            default:
                now += generator.next() % 300
                model.sort { ($0.deadline, $0.sequence) < ($1.deadline, $1.sequence) }
                while let timer = queue.popExpired(now: now) {
                    let expected = model.removeFirst()
                    #expect(timer.token == expected.token && timer.deadline == expected.deadline)
                }
                #expect(model.first.map { $0.deadline > now } ?? true)
            }
            #expect(queue.count == model.count)
            #expect(queue.nextDeadline == model.map(\.deadline).min())
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
