import SkywireCrypto
import SkywireLink
import SkywireNode
import SkywireRouting
import SkywireWire

/// A deterministic network of `SkywireNode`s on a virtual clock (nanoseconds).
///
/// Nodes are joined by point-to-point links with per-direction delay, loss and a rate-limited
/// bottleneck (`DirectionSpec`); a direction can be cut or restored at any time, which also
/// makes one-way links. A node handles a datagram `processingDelay` after it arrives (a fixed,
/// stated per-hop charge; the node's CPU is not otherwise modelled), so one hop costs
/// `serialisation + latency + processingDelay`. The event loop jumps from one event (a delivery,
/// a node deadline, a scheduled action) to the next; nothing waits in real time.
///
/// Determinism: node keys, loss draws (one generator per link direction) and topologies all
/// come from the seed, and events at the same virtual time are ordered by link, direction and
/// that direction's own packet count (not by the order they were produced in), so a seed replays
/// the same run. Route labels, ping ids and ephemeral keys are random; they change no timing and
/// no decision.
public final class Simulator {
    /// One simulated node and what came out of it.
    public final class Member {
        public let index: Int
        public let key: PrivateKey
        public let node: SkywireNode
        /// Every event the node reported, with the virtual time.
        public internal(set) var events: [(time: UInt64, event: NodeEvent)] = []
        var scheduledTick: UInt64?
        var tickGeneration: UInt64 = 0
        var nextInterface: UInt32 = 1

        init(index: Int, key: PrivateKey, node: SkywireNode) {
            self.index = index
            self.key = key
            self.node = node
        }

        public var publicKey: PublicKey { key.publicKey }
    }

    enum Event {
        case deliver(node: Int, link: Int, bytes: [UInt8])
        case tick(node: Int, generation: UInt64)
        case action(Int)
    }

    public private(set) var now: UInt64
    /// The fixed time a node takes to handle one datagram.
    public let processingDelay: UInt64
    public let seed: UInt64
    public private(set) var members: [Member] = []
    var links: [SimLink] = []
    var endpointOwner: [WireEndpoint: (link: Int, side: Int)] = [:]
    var keyIndex: [PublicKey: Int] = [:]
    var queue = EventQueue<Event>()
    var actions: [((Simulator) -> Void)?] = []
    var keyStream: SplitMix64
    let wallBase: UInt64 = 1_750_000_000 * 1_000_000_000

    /// What the network did.
    public internal(set) var stats = SimStats()
    /// Every datagram the network dropped (at most `dropLogLimit` kept): time, link, sender,
    /// size, cause.
    public internal(set) var drops: [(time: UInt64, link: Int, from: Int, size: Int, cause: DropCause)] = []
    public var dropLogLimit = 100_000
    /// Nodes whose received datagrams (the raw bytes on the wire) are kept in `captured`.
    public var capturing: Set<Int> = []
    public internal(set) var captured: [Int: [[UInt8]]] = [:]
    /// Called for every node event as it happens (after it is logged).
    public var onEvent: ((Int, UInt64, NodeEvent) -> Void)?

    /// - Parameters:
    ///   - seed: every random draw of the run derives from it.
    ///   - processingDelay: per-datagram handling time at a node, ns (default 50 µs).
    public init(seed: UInt64 = 1, processingDelay: UInt64 = 50_000, start: UInt64 = 1_000_000_000) {
        self.seed = seed
        self.processingDelay = processingDelay
        now = start
        keyStream = SplitMix64(seed: seed).derived(0x6B65_7973)
    }

    // MARK: Building

    /// Adds a node with a key derived from the seed.
    @discardableResult
    public func addNode(config: NodeConfig = .simulation) -> Int {
        let key = nextKey()
        let node = SkywireNode(identity: key, config: config, now: now, wallClockAtNow: wallBase &+ now)
        members.append(Member(index: members.count, key: key, node: node))
        keyIndex[key.publicKey] = members.count - 1
        return members.count - 1
    }

    /// Joins `a` and `b` with a link (`ab` is a → b; `ba` defaults to the same); `a` dials `b`
    /// as a static peer at once. Returns the link's index.
    @discardableResult
    public func connect(_ a: Int, _ b: Int, _ ab: DirectionSpec, _ ba: DirectionSpec? = nil) -> Int {
        let index = links.count
        let ifA = members[a].nextInterface, ifB = members[b].nextInterface
        members[a].nextInterface += 1
        members[b].nextInterface += 1
        let epA = WireEndpoint.ipv4(address: 0x0A00_0000 | UInt32(index + 1), port: 1)
        let epB = WireEndpoint.ipv4(address: 0x0A00_0000 | UInt32(index + 1), port: 2)
        let base = SplitMix64(seed: seed).derived(UInt64(index) &+ 0x6C69_6E6B)
        links.append(SimLink(
            nodes: (a, b), interfaces: (ifA, ifB), endpoints: (epA, epB),
            forward: DirectionState(spec: ab, rng: base.derived(1)),
            backward: DirectionState(spec: ba ?? ab, rng: base.derived(2))))
        endpointOwner[epA] = (index, 0)
        endpointOwner[epB] = (index, 1)
        members[a].node.addStaticPeer(members[b].publicKey, at: PathAddress(interface: ifA, endpoint: epB), now: now)
        pump(a)
        return index
    }

    /// Changes the direction `from` → the other end of `link`.
    public func setDirection(link: Int, from node: Int, _ spec: DirectionSpec) {
        if links[link].nodes.0 == node { links[link].forward.spec = spec } else { links[link].backward.spec = spec }
    }

    public func direction(link: Int, from node: Int) -> DirectionSpec {
        links[link].nodes.0 == node ? links[link].forward.spec : links[link].backward.spec
    }

    /// Cuts both directions of `link` (in-flight datagrams still arrive).
    public func cut(link: Int) {
        links[link].forward.spec.up = false
        links[link].backward.spec.up = false
    }

    /// Restores both directions of `link`.
    public func restore(link: Int) {
        links[link].forward.spec.up = true
        links[link].backward.spec.up = true
    }

    /// The link joining `a` and `b`, if any.
    public func link(between a: Int, and b: Int) -> Int? {
        links.firstIndex { ($0.nodes.0 == a && $0.nodes.1 == b) || ($0.nodes.0 == b && $0.nodes.1 == a) }
    }

    /// (a, b) of every link.
    public var linkEnds: [(Int, Int)] { links.map { $0.nodes } }

    /// Runs `action` at virtual time `time` (or now, if that has passed).
    public func schedule(at time: UInt64, _ action: @escaping (Simulator) -> Void) {
        actions.append(action)
        queue.push(.action(actions.count - 1), at: max(time, now), key: (0, UInt64(actions.count - 1)))
    }

    // MARK: Running

    /// Processes every event up to `end`, then sets the clock to `end`.
    public func run(until end: UInt64) {
        while let t = queue.nextTime, t <= end {
            step()
        }
        now = max(now, end)
    }

    public func run(for duration: UInt64) { run(until: now &+ duration) }

    /// Runs until `condition` holds or `timeout` passes; returns whether it held. With
    /// `checkEvery` 0 the condition is checked after every event (the clock then stops at the
    /// very event that made it true); otherwise at most once per `checkEvery` of virtual time.
    @discardableResult
    public func run(for timeout: UInt64, checkEvery: UInt64 = 10_000_000, until condition: (Simulator) -> Bool) -> Bool {
        let end = now &+ timeout
        var nextCheck = now
        while true {
            if now >= nextCheck {
                if condition(self) { return true }
                nextCheck = now &+ checkEvery
            }
            guard let t = queue.nextTime, t <= end else { break }
            if checkEvery > 0 && t > nextCheck {
                now = nextCheck
                continue
            }
            step()
        }
        now = max(now, end)
        return condition(self)
    }

    private func step() {
        guard let entry = queue.pop() else { return }
        now = max(now, entry.time)
        stats.events &+= 1
        switch entry.payload {
        case .deliver(let node, let link, let bytes):
            deliver(bytes, to: node, over: link)
        case .tick(let node, let generation):
            let m = members[node]
            guard m.tickGeneration == generation else { return }
            m.scheduledTick = nil
            m.node.tick(now: now)
            pump(node)
            if m.scheduledTick == now {
                // The deadline did not move past `now` after a tick (a timer bug): nudge it
                // so the loop cannot spin, and count it.
                stats.stalls &+= 1
                m.tickGeneration &+= 1
                m.scheduledTick = now &+ 1_000
                queue.push(.tick(node: node, generation: m.tickGeneration), at: now &+ 1_000, key: (2, UInt64(node)))
            }
        case .action(let i):
            let action = actions[i]
            actions[i] = nil
            action?(self)
        }
    }

    private func deliver(_ bytes: [UInt8], to node: Int, over link: Int) {
        let l = links[link]
        let receiverSide = l.side(of: node) ?? 0
        let interface = receiverSide == 0 ? l.interfaces.0 : l.interfaces.1
        let sender = receiverSide == 0 ? l.endpoints.1 : l.endpoints.0
        if capturing.contains(node) { captured[node, default: []].append(bytes) }
        var copy = bytes
        copy.withUnsafeMutableBytes {
            members[node].node.receive($0, from: PathAddress(interface: interface, endpoint: sender), now: now)
        }
        stats.datagramsDelivered &+= 1
        pump(node)
    }

    /// Takes a node's output after any call into it: datagrams onto links, events into its
    /// log, and its next deadline into the queue. Call after driving a node directly.
    public func pump(_ index: Int) {
        let m = members[index]
        m.node.drainOutgoing { bytes, path in transmit(Array(bytes), from: index, to: path) }
        m.node.drainEvents { event in
            m.events.append((now, event))
            onEvent?(index, now, event)
        }
        let deadline = m.node.nextDeadline.map { max($0, now) }
        if deadline != m.scheduledTick {
            m.tickGeneration &+= 1
            m.scheduledTick = deadline
            if let deadline {
                queue.push(.tick(node: index, generation: m.tickGeneration), at: deadline, key: (2, UInt64(index)))
            }
        }
    }

    private func transmit(_ bytes: [UInt8], from sender: Int, to path: PathAddress) {
        stats.datagramsSent &+= 1
        stats.bytesSent &+= UInt64(bytes.count)
        guard let owner = endpointOwner[path.endpoint] else { return stats.record(.misaddressed) }
        let receiverSide = owner.side
        let l = links[owner.link]
        let receiver = receiverSide == 0 ? l.nodes.0 : l.nodes.1
        guard l.side(of: sender) == 1 - receiverSide else { return stats.record(.misaddressed) }
        let result = receiverSide == 1
            ? links[owner.link].forward.transmit(size: bytes.count, now: now)
            : links[owner.link].backward.transmit(size: bytes.count, now: now)
        switch result {
        case .success(let arrival):
            // Same-time deliveries in (link, direction, the direction's own count) order.
            let direction = UInt64(owner.link) << 1 | UInt64(receiverSide)
            let count = receiverSide == 1 ? links[owner.link].forward.delivered : links[owner.link].backward.delivered
            queue.push(.deliver(node: receiver, link: owner.link, bytes: bytes), at: arrival &+ processingDelay,
                       key: (1 << 62 | direction, count))
        case .failure(let box):
            stats.record(box.cause)
            if drops.count < dropLogLimit { drops.append((now, owner.link, sender, bytes.count, box.cause)) }
        }
    }

    private func nextKey() -> PrivateKey {
        while true {
            var bytes: [UInt8] = []
            for _ in 0..<4 {
                let word = keyStream.next()
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
            }
            if let key = try? PrivateKey(bytes: bytes) { return key }
        }
    }
}

/// What the simulated network did.
public struct SimStats: Sendable, Equatable {
    /// Events the loop processed (deliveries, node deadlines, actions).
    public var events: UInt64 = 0
    public var datagramsSent: UInt64 = 0
    public var datagramsDelivered: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var droppedLoss: UInt64 = 0
    public var droppedCut: UInt64 = 0
    public var droppedQueue: UInt64 = 0
    public var droppedMisaddressed: UInt64 = 0
    /// Node deadlines that did not move past `now` after a tick (should stay 0).
    public var stalls: UInt64 = 0

    mutating func record(_ cause: DropCause) {
        switch cause {
        case .loss: droppedLoss &+= 1
        case .cut: droppedCut &+= 1
        case .queueFull: droppedQueue &+= 1
        case .misaddressed: droppedMisaddressed &+= 1
        }
    }
}

extension NodeConfig {
    /// The defaults, except that an unmeasured link throughput counts as 100 Mbit/s instead of
    /// 1 Mbit/s in the route cost, so paths follow latency (simulated links are fast).
    public static var simulation: NodeConfig {
        var c = NodeConfig()
        c.routeCost = RouteCost(unmeasuredThroughputKbps: 100_000)
        return c
    }
}
