import SkywireCrypto
import SkywireLink
import SkywireWire

/// A deterministic pseudo-random generator (SplitMix64) so every run of a test is the same.
struct SplitMix64: RandomNumberGenerator {
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

let millisecond: UInt64 = 1_000_000
let second: UInt64 = 1_000_000_000

/// One simulated node: a LinkManager (replaced on restart) and what came out of it.
final class SimNode {
    let name: String
    let key: PrivateKey
    var config: LinkConfig
    var manager: LinkManager
    var alive = true
    var sendsBeacons = true
    var events: [(time: UInt64, event: LinkEvent)] = []
    var delivered: [(time: UInt64, from: PublicKey, path: PathAddress, frame: [UInt8])] = []
    /// Datagrams delivered to this node, when capturing (for fuzzing).
    var captured: [(bytes: [UInt8], from: PathAddress)] = []
    var capturing = false

    init(name: String, key: PrivateKey, config: LinkConfig, manager: LinkManager) {
        self.name = name
        self.key = key
        self.config = config
        self.manager = manager
    }

    var publicKey: PublicKey { key.publicKey }
}

/// A broadcast domain (a LAN, or one clearnet path): members reach each other by address.
final class Segment {
    struct Member {
        var node: Int
        var interface: UInt32
        var address: WireEndpoint
    }
    struct Direction: Hashable {
        var from: Int
        var to: Int
    }
    var up = true
    var delay: UInt64
    var members: [Member] = []
    /// Per-direction loss probability.
    var loss: [Direction: Double] = [:]
    /// Directions that deliver nothing (one-way links).
    var blocked: Set<Direction> = []

    init(delay: UInt64) { self.delay = delay }
}

/// The in-process network: N LinkManagers, segments with delay/loss/up-down/one-way drops, a
/// virtual clock, beacons every `beaconInterval`, and scheduled test actions.
final class FakeNetwork {
    private(set) var now: UInt64
    let wallBase: UInt64 = 1_750_000_000 * second
    var nodes: [SimNode] = []
    var segments: [Segment] = []
    var rng: SplitMix64
    var beaconInterval: UInt64 = second
    var nextBeaconAt: UInt64
    /// Set when a manager's deadline did not move past `now` after a tick (a timer bug).
    private(set) var stalled = false
    private var tasks: [(next: UInt64, interval: UInt64, action: (FakeNetwork) -> Void)] = []

    private struct InFlight {
        var time: UInt64
        var sequence: UInt64
        var to: Int
        var from: PathAddress
        var bytes: [UInt8]
    }
    private var inFlight: [InFlight] = []
    /// Every datagram a node put on the wire (delivered or not): time, sender, message type.
    var sendLog: [(time: UInt64, from: Int, type: UInt8)] = []
    private var sequence: UInt64 = 0

    init(seed: UInt64 = 1, start: UInt64 = 5 * second) {
        rng = SplitMix64(seed: seed)
        now = start
        nextBeaconAt = start
    }

    // MARK: Building

    @discardableResult
    func addNode(_ name: String, config: LinkConfig = .default, key: PrivateKey = .generate()) -> Int {
        let manager = LinkManager(identity: key, config: config, now: now, wallClockAtNow: wallBase + now)
        nodes.append(SimNode(name: name, key: key, config: config, manager: manager))
        return nodes.count - 1
    }

    @discardableResult
    func addSegment(delay: UInt64 = millisecond) -> Int {
        segments.append(Segment(delay: delay))
        return segments.count - 1
    }

    /// An IPv4 address 10.0.segment.node with the given port.
    static func address(segment: Int, node: Int, port: UInt16 = 7000) -> WireEndpoint {
        .ipv4(address: 0x0A00_0000 | UInt32(segment & 0xFF) << 8 | UInt32((node + 1) & 0xFF), port: port)
    }

    func attach(_ node: Int, to segment: Int, interface: UInt32, address: WireEndpoint? = nil) {
        let address = address ?? Self.address(segment: segment, node: node)
        segments[segment].members.append(.init(node: node, interface: interface, address: address))
    }

    func address(of node: Int, on segment: Int) -> WireEndpoint? {
        segments[segment].members.first { $0.node == node }?.address
    }

    func interface(of node: Int, on segment: Int) -> UInt32? {
        segments[segment].members.first { $0.node == node }?.interface
    }

    /// Moves `node` to a new address on `segment` (its packets come from there from now on).
    func setAddress(of node: Int, on segment: Int, to address: WireEndpoint) {
        for i in segments[segment].members.indices where segments[segment].members[i].node == node {
            segments[segment].members[i].address = address
        }
    }

    func kill(_ node: Int) { nodes[node].alive = false }

    /// A restarted process: same key, a brand-new LinkManager with fresh state.
    func revive(_ node: Int) {
        let n = nodes[node]
        n.manager = LinkManager(identity: n.key, config: n.config, now: now, wallClockAtNow: wallBase + now)
        n.alive = true
    }

    func every(_ interval: UInt64, startingIn delay: UInt64 = 0, _ action: @escaping (FakeNetwork) -> Void) {
        tasks.append((now + delay, interval, action))
    }

    /// Cancels every `every` task.
    func stopTasks() { tasks.removeAll() }

    // MARK: Running

    func run(for duration: UInt64) { run(until: now + duration) }

    func run(until end: UInt64) {
        var steps = 0
        while !stalled, let t = nextEventTime(), t <= end {
            now = max(now, t)
            step()
            steps += 1
            if steps > 50_000_000 { stalled = true }
        }
        now = max(now, end)
    }

    private func nextEventTime() -> UInt64? {
        var t = inFlight.first?.time
        func consider(_ x: UInt64) { t = min(t ?? x, max(x, now)) }
        consider(nextBeaconAt)
        for task in tasks { consider(task.next) }
        for node in nodes where node.alive {
            if let d = node.manager.nextDeadline { consider(d) }
        }
        return t
    }

    private func step() {
        while let first = inFlight.first, first.time <= now {
            inFlight.removeFirst()
            let node = nodes[first.to]
            guard node.alive else { continue }
            if node.capturing { node.captured.append((first.bytes, first.from)) }
            var bytes = first.bytes
            bytes.withUnsafeMutableBytes { node.manager.receive($0, from: first.from, now: now) }
            pump(first.to)
        }
        if nextBeaconAt <= now {
            sendBeacons()
            nextBeaconAt += beaconInterval
        }
        for i in tasks.indices where tasks[i].next <= now {
            tasks[i].next += tasks[i].interval
            tasks[i].action(self)
        }
        for (i, node) in nodes.enumerated() where node.alive {
            if let d = node.manager.nextDeadline, d <= now {
                node.manager.tick(now: now)
                pump(i)
                if let again = node.manager.nextDeadline, again <= now { stalled = true }
            }
        }
    }

    /// Drains a node's outputs: datagrams onto the wire, events and frames into its logs.
    func pump(_ index: Int) {
        let node = nodes[index]
        node.manager.drainOutgoing { bytes, path in route(Array(bytes), from: index, to: path) }
        node.manager.drainEvents { node.events.append((now, $0)) }
        node.manager.drainDelivered { key, path, frame in node.delivered.append((now, key, path, Array(frame))) }
    }

    private func route(_ bytes: [UInt8], from sender: Int, to path: PathAddress) {
        sendLog.append((now, sender, bytes.first ?? 0))
        for segment in segments {
            guard let mine = segment.members.first(where: {
                $0.node == sender && (path.interface == 0 || $0.interface == path.interface)
            }) else { continue }
            guard let target = segment.members.first(where: { $0.node != sender && $0.address == path.endpoint })
            else { continue }
            transmit(bytes, on: segment, from: mine, to: target)
            return
        }
    }

    private func transmit(_ bytes: [UInt8], on segment: Segment, from: Segment.Member, to: Segment.Member) {
        guard segment.up else { return }
        let direction = Segment.Direction(from: from.node, to: to.node)
        guard !segment.blocked.contains(direction) else { return }
        if let p = segment.loss[direction], Double.random(in: 0..<1, using: &rng) < p { return }
        sequence += 1
        let item = InFlight(
            time: now + segment.delay, sequence: sequence, to: to.node,
            from: PathAddress(interface: to.interface, endpoint: from.address), bytes: bytes)
        let at = inFlight.firstIndex { ($0.time, $0.sequence) > (item.time, item.sequence) } ?? inFlight.count
        inFlight.insert(item, at: at)
    }

    private func sendBeacons() {
        for (i, node) in nodes.enumerated() where node.alive && node.sendsBeacons {
            for segment in segments {
                for mine in segment.members where mine.node == i {
                    let beacon = node.manager.makeBeacon(
                        linkPort: mine.address.portNumber, endpoints: [mine.address], capabilities: [.relay])
                    for other in segment.members where other.node != i {
                        transmit(beacon, on: segment, from: mine, to: other)
                    }
                }
            }
        }
    }

    // MARK: Test helpers

    /// Hands a datagram straight to a node, as if it arrived from `path`.
    func inject(_ bytes: [UInt8], to node: Int, from path: PathAddress) {
        var copy = bytes
        copy.withUnsafeMutableBytes { nodes[node].manager.receive($0, from: path, now: now) }
        pump(node)
    }

    /// Sends one application frame (optional type 0xA0, 8-byte sequence body) from → to.
    @discardableResult
    func sendFrame(_ sequence: UInt64, from: Int, to: Int) -> Bool {
        var frame: [UInt8] = [0xA0, 0, 8]
        for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: sequence >> UInt64(shift))) }
        let ok = frame.withUnsafeBytes { nodes[from].manager.send(frames: $0, to: nodes[to].publicKey, now: now) }
        pump(from)
        return ok
    }

    /// The sequence numbers of the 0xA0 frames `node` received from `sender`.
    func receivedSequences(at node: Int, from sender: Int) -> [UInt64] {
        nodes[node].delivered.filter { $0.from == nodes[sender].publicKey && $0.frame.count == 11 && $0.frame[0] == 0xA0 }
            .map { $0.frame[3...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
    }

    func neighbor(_ of: Int, at node: Int) -> NeighborSnapshot? {
        nodes[node].manager.snapshot(now: now).first { $0.key == nodes[of].publicKey }
    }

    func events(at node: Int) -> [LinkEvent] { nodes[node].events.map(\.event) }
}

extension WireEndpoint {
    var portNumber: UInt16 {
        switch self {
        case .ipv4(_, let port): return port
        case .ipv6(_, _, let port): return port
        }
    }
}
