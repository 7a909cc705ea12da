/// Anti-replay sliding window over 64-bit packet counters (RFC 6479, as WireGuard uses it).
///
/// The bitmap is a ring of `blockCount` 64-bit blocks (`totalBits` = 8192 bits). A counter
/// maps to bit `counter % 64` of block `(counter / 64) % blockCount`. When the highest counter
/// moves forward, only the blocks it skips over are cleared (at most `blockCount` of them), so a
/// jump of any size costs at most one pass over the ring. One block is always the one being
/// filled, so `windowSize` = 8192 − 64 = 8128 counters are tracked: a counter is acceptable if
/// it is above the highest accepted one, or below it by less than `windowSize` and not yet seen.
///
/// Use: call `check` (cheap, no state change) before verifying the packet, and `commit` only
/// after its AEAD tag verified, so a forged packet never moves the window. `accept` does both
/// for callers that verified already. Storage is allocated once in `init`; no call allocates.
public struct ReplayWindow: ~Copyable {
    /// Bits per ring block.
    public static let blockBits: UInt64 = 64
    /// Blocks in the ring (a power of two).
    public static let blockCount = 128
    /// Bits in the ring.
    public static let totalBits = 8192
    /// How many counters, counting the highest accepted one, the window tracks.
    public static let windowSize: UInt64 = 8128

    /// What `check` says about a counter.
    public enum Verdict: Equatable, Sendable {
        /// Never seen and inside (or above) the window.
        case fresh
        /// Already accepted.
        case duplicate
        /// At least `windowSize` below the highest accepted counter.
        case tooOld
    }

    private let blocks: UnsafeMutablePointer<UInt64>
    private var highest: UInt64 = 0
    private var hasAccepted = false

    /// An empty window: every counter is fresh.
    public init() {
        blocks = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.blockCount)
        blocks.initialize(repeating: 0, count: Self.blockCount)
    }

    deinit {
        blocks.deinitialize(count: Self.blockCount)
        blocks.deallocate()
    }

    /// The highest counter committed so far, or nil before the first.
    public var highestAccepted: UInt64? { hasAccepted ? highest : nil }

    /// The ring slot of block number `block` (counter / 64).
    @inline(__always)
    private static func slot(ofBlock block: UInt64) -> Int {
        Int(truncatingIfNeeded: block & UInt64(blockCount - 1))
    }

    @inline(__always)
    private static func slot(_ counter: UInt64) -> Int { slot(ofBlock: counter / blockBits) }

    @inline(__always)
    private static func mask(_ counter: UInt64) -> UInt64 { 1 &<< (counter % blockBits) }

    /// Whether `counter` would be accepted. Changes nothing.
    @inline(__always)
    public func check(_ counter: UInt64) -> Verdict {
        if !hasAccepted || counter > highest { return .fresh }
        if highest - counter >= Self.windowSize { return .tooOld }
        return blocks[Self.slot(counter)] & Self.mask(counter) == 0 ? .fresh : .duplicate
    }

    /// Records `counter` as seen. Call only after `check` said `.fresh` and the packet
    /// authenticated; a counter the window cannot track (too old) is ignored.
    @inline(__always)
    public mutating func commit(_ counter: UInt64) {
        if !hasAccepted {
            hasAccepted = true
            highest = counter
        } else if counter > highest {
            let currentBlock = highest / Self.blockBits
            let newBlock = counter / Self.blockBits
            let toClear = min(newBlock - currentBlock, UInt64(Self.blockCount))
            var i: UInt64 = 1
            while i <= toClear {
                blocks[Self.slot(ofBlock: currentBlock &+ i)] = 0
                i += 1
            }
            highest = counter
        } else if highest - counter >= Self.windowSize {
            return
        }
        blocks[Self.slot(counter)] |= Self.mask(counter)
    }

    /// `check` and, if fresh, `commit`, in one call. True if the counter was accepted.
    @inline(__always)
    public mutating func accept(_ counter: UInt64) -> Bool {
        guard check(counter) == .fresh else { return false }
        commit(counter)
        return true
    }
}
