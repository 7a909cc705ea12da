import SkywireCrypto
import SkywireNode
import SkywireRouting

/// Drives a session stream with numbered, time-stamped records and checks what arrives.
///
/// The sender writes a record of `recordSize` bytes (`sequence (8) ‖ sent-at (8) ‖ filler`)
/// every `interval`; the receiver reads whenever its node says the session is readable and
/// parses the byte stream back into records, so order, completeness and per-record latency
/// (virtual time) can be checked.
public final class RecordStream {
    public struct Arrival: Sendable, Equatable {
        public var sequence: UInt64
        public var sentAt: UInt64
        public var arrivedAt: UInt64
        public var latency: UInt64 { arrivedAt - sentAt }
    }

    let sim: Simulator
    public let sender: Int
    public let receiver: Int
    public let sendHandle: SessionHandle
    public private(set) var receiveHandle: SessionHandle?
    public let recordSize: Int
    public private(set) var sent: UInt64 = 0
    public private(set) var arrivals: [Arrival] = []
    /// Bytes that do not parse as the next record in sequence (must stay 0).
    public private(set) var corrupt = 0
    private var pending: [UInt8] = []
    private var readScheduled = false

    /// Opens a session from `sender` to the service `receiver` hosts (its node key) and starts
    /// listening for it. Install before running the simulator.
    public init(sim: Simulator, from sender: Int, to receiver: Int, routes: Int? = nil, recordSize: Int = 64) throws(NodeSessionError) {
        self.sim = sim
        self.sender = sender
        self.receiver = receiver
        self.recordSize = max(16, recordSize)
        let server = sim.members[receiver]
        server.node.addService(server.key)
        sendHandle = try sim.members[sender].node.connect(
            to: server.publicKey, service: server.publicKey, port: 1, routes: routes, now: sim.now)
        sim.pump(sender)
        let previous = sim.onEvent
        sim.onEvent = { [unowned self] index, time, event in
            previous?(index, time, event)
            self.observe(index, event)
        }
    }

    private func observe(_ index: Int, _ event: NodeEvent) {
        guard index == receiver, case .session(let h, let notice) = event else { return }
        if case .accepted = notice, receiveHandle == nil { receiveHandle = h }
        if case .readable = notice, h == receiveHandle, !readScheduled {
            readScheduled = true
            sim.schedule(at: sim.now) { [unowned self] sim in
                self.readScheduled = false
                self.drain()
            }
        }
    }

    /// Reads and parses whatever the receiver has.
    public func drain() {
        guard let h = receiveHandle else { return }
        pending += sim.members[receiver].node.read(h, now: sim.now)
        sim.pump(receiver)
        var offset = 0
        while pending.count - offset >= recordSize {
            let sequence = Self.load(pending, at: offset), sentAt = Self.load(pending, at: offset + 8)
            if sequence != UInt64(arrivals.count) { corrupt += 1 }
            arrivals.append(Arrival(sequence: sequence, sentAt: sentAt, arrivedAt: sim.now))
            offset += recordSize
        }
        pending.removeFirst(offset)
    }

    /// Writes `count` records, one every `interval`, starting now.
    public func send(count: Int, every interval: UInt64) {
        let start = sim.now
        for i in 0..<count {
            sim.schedule(at: start + UInt64(i) * interval) { [unowned self] sim in self.writeOne() }
        }
    }

    /// Writes `count` records at once (a bulk transfer of `count × recordSize` bytes).
    public func sendBulk(count: Int) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * recordSize)
        for _ in 0..<count { bytes += record() }
        var offset = 0
        func push(_ sim: Simulator) {
            let node = sim.members[sender].node
            while offset < bytes.count {
                let chunk = Array(bytes[offset..<min(bytes.count, offset + 65_536)])
                guard let n = try? node.write(chunk, to: sendHandle, now: sim.now), n > 0 else { break }
                offset += n
            }
            sim.pump(sender)
            if offset < bytes.count { sim.schedule(at: sim.now + 1_000_000) { push($0) } }
        }
        push(sim)
    }

    private func writeOne() {
        _ = try? sim.members[sender].node.write(record(), to: sendHandle, now: sim.now)
        sim.pump(sender)
    }

    private func record() -> [UInt8] {
        var r = [UInt8](repeating: 0x5A, count: recordSize)
        Self.store(sent, into: &r, at: 0)
        Self.store(sim.now, into: &r, at: 8)
        sent += 1
        return r
    }

    /// Whether every record sent so far arrived, in order, intact.
    public var isComplete: Bool { UInt64(arrivals.count) == sent && corrupt == 0 }

    /// The longest time between two consecutive arrivals, and after which record it was.
    public var longestGap: (gap: UInt64, after: UInt64)? {
        guard arrivals.count >= 2 else { return nil }
        var best: (UInt64, UInt64) = (0, 0)
        for i in 1..<arrivals.count {
            let g = arrivals[i].arrivedAt - arrivals[i - 1].arrivedAt
            if g > best.0 { best = (g, arrivals[i - 1].sequence) }
        }
        return best
    }

    static func store(_ v: UInt64, into r: inout [UInt8], at offset: Int) {
        for i in 0..<8 { r[offset + i] = UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64(i))) }
    }

    static func load(_ r: [UInt8], at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(r[offset + i]) }
        return v
    }
}
