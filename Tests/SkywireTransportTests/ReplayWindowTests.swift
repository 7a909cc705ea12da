import Testing
@testable import SkywireTransport

@Suite struct ReplayWindowTests {
    @Test func sizes() {
        #expect(ReplayWindow.totalBits == ReplayWindow.blockCount * Int(ReplayWindow.blockBits))
        #expect(ReplayWindow.windowSize == 8128)
        #expect(ReplayWindow.windowSize >= 2048)
    }

    @Test func freshThenDuplicate() {
        let w = Window()
        #expect(w.highestAccepted == nil)
        #expect(w.accept(0))
        #expect(!w.accept(0))
        #expect(w.check(0) == .duplicate)
        #expect(w.accept(1))
        #expect(w.highestAccepted == 1)
    }

    @Test func checkDoesNotCommit() {
        let w = Window()
        #expect(w.check(5) == .fresh)
        #expect(w.check(5) == .fresh)
        #expect(w.highestAccepted == nil)
        w.commit(5)
        #expect(w.check(5) == .duplicate)
    }

    @Test func reorderingInsideWindow() {
        let w = Window()
        #expect(w.accept(9000))
        for c in stride(from: UInt64(8999), through: 9000 - 8127, by: -1) { #expect(w.accept(c)) }
        #expect(w.check(9000 - 8128) == .tooOld)
        #expect(!w.accept(9000 - 8128))
        #expect(w.check(8500) == .duplicate)
    }

    @Test func skippedBlocksAreCleared() {
        let w = Window()
        for c in UInt64(0)..<8192 { _ = w.accept(c) }
        // Jump a few blocks: the reused ring slots held bits of counters 0..<256.
        #expect(w.accept(8192 + 200))
        for c in UInt64(8192)..<(8192 + 200) { #expect(w.check(c) == .fresh) }
        // A jump far beyond the window clears everything.
        let far: UInt64 = 1 << 40
        #expect(w.accept(far))
        for c in (far - 8127)..<far { #expect(w.check(c) == .fresh) }
        #expect(w.check(far - 8128) == .tooOld)
        #expect(w.check(8192 + 200) == .tooOld)
    }

    @Test func jumpOfExactlyTheRingSize() {
        let w = Window()
        #expect(w.accept(64))
        #expect(w.accept(64 + 8192))  // same ring slot, 128 blocks later
        #expect(w.check(64 + 8192 - 1) == .fresh)
        #expect(w.check(64 + 8192 - 8127) == .fresh)
        #expect(w.check(64) == .tooOld)
    }

    @Test func nearTheCounterLimit() {
        let w = Window()
        let top = RekeyPolicy.rejectAfterMessages - 1
        #expect(w.accept(top))
        #expect(w.accept(top - 1))
        #expect(!w.accept(top))
        #expect(w.check(0) == .tooOld)
    }

    /// Random counters against a plain set-based model of the same rule.
    @Test func matchesReferenceModel() {
        var rng = SplitMix(seed: 0x5eed)
        let w = Window()
        var seen = Set<UInt64>()
        var highest: UInt64? = nil
        var base: UInt64 = 0
        for _ in 0..<50_000 {
            let r = rng.next()
            switch r % 10 {
            case 0: base &+= r % 20_000  // occasional big jump
            case 1: base &+= 64
            default: break
            }
            let c = base &+ (r >> 8) % 9_000
            let expected: Bool
            if let h = highest {
                expected = !seen.contains(c) && (c > h || h - c < ReplayWindow.windowSize)
            } else {
                expected = true
            }
            #expect(w.accept(c) == expected, "counter \(c)")
            if expected {
                seen.insert(c)
                highest = max(highest ?? c, c)
            }
        }
    }
}

/// A copyable handle on a window, so `#expect` can take its calls apart.
final class Window {
    private var window = ReplayWindow()
    var highestAccepted: UInt64? { window.highestAccepted }
    func check(_ counter: UInt64) -> ReplayWindow.Verdict { window.check(counter) }
    func commit(_ counter: UInt64) { window.commit(counter) }
    func accept(_ counter: UInt64) -> Bool { window.accept(counter) }
}

/// A small deterministic generator for tests.
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
