import SkywireCrypto
import SkywireNode
import SkywireRouting

extension Simulator {
    /// A network of `nodes` nodes joined by `edges`; `spec` gives each direction (from, to).
    public static func network(
        seed: UInt64, nodes count: Int, edges: [(Int, Int)], config: NodeConfig = .simulation,
        processingDelay: UInt64 = 50_000, spec: (Int, Int) -> DirectionSpec
    ) -> Simulator {
        let sim = Simulator(seed: seed, processingDelay: processingDelay)
        for _ in 0..<count { sim.addNode(config: config) }
        for (a, b) in edges { sim.connect(a, b, spec(a, b), spec(b, a)) }
        return sim
    }

    /// The node with this key.
    public func index(of key: PublicKey) -> Int? {
        keyIndex[key]
    }

    /// Every node's graph has every node and one edge per working link direction (`expected`
    /// defaults to both directions of every link whose two directions are up).
    public func isConverged(expectedEdges: Int? = nil) -> Bool {
        let wanted = expectedEdges ?? 2 * links.filter { $0.forward.spec.up && $0.backward.spec.up }.count
        for m in members {
            let g = m.node.graph(now: now)
            guard g.nodes.count == members.count, g.edgeCount >= wanted else { return false }
        }
        return true
    }

    /// Runs until `isConverged`; returns the virtual time it took, or nil after `timeout`.
    public func runUntilConverged(timeout: UInt64 = 60_000_000_000, expectedEdges: Int? = nil) -> UInt64? {
        let start = now
        let ok = run(for: timeout, checkEvery: 50_000_000) { $0.isConverged(expectedEdges: expectedEdges) }
        return ok ? now - start : nil
    }

    /// The network's one-way time along `hops` from `origin` for a datagram of `size` bytes:
    /// per hop serialisation + latency + the receiving node's processing delay.
    public func pathDelay(from origin: Int, hops: [PublicKey], size: Int = 0) -> UInt64 {
        var total: UInt64 = 0
        var previous = origin
        for key in hops {
            guard let next = index(of: key), let l = link(between: previous, and: next) else { return .max }
            let spec = direction(link: l, from: previous)
            let serialisation = spec.rateBytesPerSecond > 0 ? UInt64(size) * 1_000_000_000 / spec.rateBytesPerSecond : 0
            total += serialisation + spec.latency + processingDelay
            previous = next
        }
        return total
    }

    /// The events of node `i` since `time`.
    public func events(of i: Int, since time: UInt64 = 0) -> [(time: UInt64, event: NodeEvent)] {
        members[i].events.filter { $0.time >= time }
    }
}

extension Simulator {
    /// Every node's events in time order (ties by node index): the run's trace of route setups
    /// (`routeUp` at the origin, `routeArrived` at the destination), answers, deliveries,
    /// route losses, records published. Drops are in `drops`.
    public var trace: [(time: UInt64, node: Int, event: NodeEvent)] {
        members.flatMap { m in m.events.map { ($0.time, m.index, $0.event) } }
            .sorted { ($0.time, $0.node) < ($1.time, $1.node) }
    }
}
