/// Puts fragmented datagrams back together (docs/protocol.md "Wifi frames"). Sans-IO: fragments and
/// `now` (nanoseconds) in, whole datagrams out through a callback.
///
/// Memory is allocated once, at init: `slots` buffers of 16 fragment strides each. An
/// unfragmented datagram is handed over without a copy. A datagram is identified by its
/// transmitter and datagram id; a fragment that repeats one already held is ignored; a slot
/// unfinished after `timeout` is dropped; when every slot is busy the oldest is reused.
public struct WifiReassembler {
    struct Slot {
        var inUse = false
        var transmitter = MACAddress(rawValue: 0)
        var datagramID: UInt16 = 0
        var count: UInt8 = 0
        var received: UInt16 = 0  // bit i: fragment i is here
        var lengths = [Int](repeating: 0, count: WifiFrame.maxFragments)
        var started: UInt64 = 0
    }

    public let timeout: UInt64
    private var slots: [Slot]
    private var storage: [UInt8]
    private static let stride = WifiFrame.maxFragmentPayload

    /// Counters for diagnostics.
    public private(set) var completed = 0
    public private(set) var expired = 0
    public private(set) var evicted = 0
    public private(set) var duplicates = 0

    public init(slots: Int = 8, timeoutNanoseconds: UInt64 = 500_000_000) {
        precondition(slots > 0, "a reassembler needs at least one slot")
        self.timeout = timeoutNanoseconds
        self.slots = Array(repeating: Slot(), count: slots)
        self.storage = [UInt8](repeating: 0, count: slots * WifiFrame.maxFragments * Self.stride)
    }

    /// Accepts one decoded fragment. Calls `deliver` with the whole datagram when this fragment
    /// completes it (the bytes are valid only during the call).
    public mutating func accept(transmitter: MACAddress, fragment: FragmentHeader, payload: UnsafeRawBufferPointer,
                                now: UInt64, deliver: (UnsafeRawBufferPointer) -> Void) {
        guard fragment.count >= 1, Int(fragment.count) <= WifiFrame.maxFragments, fragment.index < fragment.count,
              !payload.isEmpty, payload.count <= Self.stride else { return }
        if fragment.count == 1 {
            completed += 1
            deliver(payload)
            return
        }
        expire(now: now)
        let s = slot(for: transmitter, datagramID: fragment.datagramID, count: fragment.count, now: now)
        let bit = UInt16(1) << UInt16(fragment.index)
        if slots[s].received & bit != 0 {
            duplicates += 1
            return
        }
        let base = (s * WifiFrame.maxFragments + Int(fragment.index)) * Self.stride
        storage.withUnsafeMutableBytes { out in
            (out.baseAddress! + base).copyMemory(from: payload.baseAddress!, byteCount: payload.count)
        }
        slots[s].received |= bit
        slots[s].lengths[Int(fragment.index)] = payload.count
        let all = UInt16(truncatingIfNeeded: (UInt32(1) << UInt32(fragment.count)) - 1)
        guard slots[s].received == all else { return }

        // Complete: close the gaps between fragment strides, then hand the datagram over.
        var total = 0
        let first = s * WifiFrame.maxFragments * Self.stride
        storage.withUnsafeMutableBytes { buffer in
            for i in 0..<Int(fragment.count) {
                let length = slots[s].lengths[i]
                let from = first + i * Self.stride
                if from != first + total {
                    (buffer.baseAddress! + first + total).copyMemory(from: buffer.baseAddress! + from, byteCount: length)
                }
                total += length
            }
            slots[s].inUse = false
            completed += 1
            deliver(UnsafeRawBufferPointer(rebasing: buffer[first..<(first + total)]))
        }
    }

    /// Drops unfinished datagrams older than the timeout.
    public mutating func expire(now: UInt64) {
        for i in slots.indices where slots[i].inUse && now &- slots[i].started > timeout {
            slots[i].inUse = false
            expired += 1
        }
    }

    /// The slot holding this datagram, or a fresh one (a free slot, else the oldest).
    private mutating func slot(for transmitter: MACAddress, datagramID: UInt16, count: UInt8, now: UInt64) -> Int {
        if let i = slots.firstIndex(where: {
            $0.inUse && $0.transmitter == transmitter && $0.datagramID == datagramID && $0.count == count
        }) {
            return i
        }
        var chosen = 0
        if let free = slots.firstIndex(where: { !$0.inUse }) {
            chosen = free
        } else {
            for i in slots.indices where slots[i].started < slots[chosen].started { chosen = i }
            evicted += 1
        }
        slots[chosen].inUse = true
        slots[chosen].transmitter = transmitter
        slots[chosen].datagramID = datagramID
        slots[chosen].count = count
        slots[chosen].received = 0
        slots[chosen].started = now
        return chosen
    }
}
