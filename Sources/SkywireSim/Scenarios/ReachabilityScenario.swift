import SkywireCrypto
import SkywireNode
import SkywireRouting

/// Which kind of graph a scenario runs on.
public enum TopologyKind: String, Sendable, CaseIterable {
    case chain, grid, random

    /// The edges for `n` nodes (random: average degree `degree`, drawn from `rng`).
    public func edges(nodes n: Int, degree: Double = 4, rng: inout SplitMix64) -> [(Int, Int)] {
        switch self {
        case .chain: return Topology.chain(n)
        case .grid: return Topology.grid(nodes: n)
        case .random: return Topology.randomConnected(nodes: n, averageDegree: degree, rng: &rng)
        }
    }
}

/// Every node pings a sample of destinations after the topology converged. A ping's request
/// rides in the route setup and its answer comes back on the reverse labels, so a reply proves
/// the setup, the first data and the way back.
public struct ReachabilityScenario: Sendable {
    public var nodes = 100
    public var topology = TopologyKind.random
    public var degree = 4.0
    public var seed: UInt64 = 1
    /// Destinations per origin (nil: every other node, all pairs).
    public var destinationsPerNode: Int? = 10
    /// One-way link delays are drawn uniformly from this range, ms.
    public var latencyRangeMs: ClosedRange<Double> = 1...10
    /// Origins start their pings this far apart (so setups do not all leave at one instant).
    public var stagger: UInt64 = 1_000_000

    public init() {}

    public struct Result: Sendable {
        public var nodes: Int
        public var links: Int
        /// Virtual time from start until every node's graph had every node and edge.
        public var convergence: UInt64?
        public var pairs: Int
        public var replies: Int
        /// Pairs without a reply (origin, destination indices).
        public var failures: [(Int, Int)]
        /// Of those, pairs more than `RouteFinder.hopLimit` (16) hops apart: no route may join them.
        public var beyondHopLimit: Int
        /// Replies whose RTT differs from the path's round trip by more than 1 µs.
        public var rttMismatches: Int
        public var meanHops: Double
        public var maxHops: Int
        public var meanRTT: UInt64
        public var stats: SimStats
    }

    /// Builds the network, converges, pings, and reports.
    public func run() -> Result {
        var rng = SplitMix64(seed: seed)
        let edges = topology.edges(nodes: nodes, degree: degree, rng: &rng)
        var delays: [Int: DirectionSpec] = [:]
        for e in edges {
            let ms = latencyRangeMs.lowerBound + rng.unit() * (latencyRangeMs.upperBound - latencyRangeMs.lowerBound)
            delays[e.0 * nodes + e.1] = .ms((ms * 10).rounded() / 10)
        }
        let sim = Simulator.network(seed: seed, nodes: nodes, edges: edges) { a, b in delays[min(a, b) * nodes + max(a, b)]! }
        let convergence = sim.runUntilConverged(timeout: 120_000_000_000)

        // Who pings whom.
        var plan: [(Int, Int)] = []
        for origin in 0..<nodes {
            var targets = Array(0..<nodes).filter { $0 != origin }
            if let k = destinationsPerNode, k < targets.count {
                targets.shuffle(using: &rng)
                targets = Array(targets.prefix(k))
            }
            for t in targets.sorted() { plan.append((origin, t)) }
        }
        var pending: [PingID: (origin: Int, destination: Int, sentAt: UInt64, expected: UInt64)] = [:]
        var replies = 0, mismatches = 0, hopsTotal = 0, maxHops = 0
        var rttTotal: UInt64 = 0
        let start = sim.now
        sim.onEvent = { index, time, event in
            guard case .pingReply(let id, _, let rtt, let hops) = event, let p = pending.removeValue(forKey: id) else { return }
            replies += 1
            hopsTotal += hops
            maxHops = max(maxHops, hops)
            rttTotal += rtt
            if (rtt > p.expected ? rtt - p.expected : p.expected - rtt) > 1_000 { mismatches += 1 }
        }
        var failures: [(Int, Int)] = []
        for origin in 0..<nodes {
            let mine = plan.filter { $0.0 == origin }
            sim.schedule(at: start + UInt64(origin) * stagger) { sim in
                let node = sim.members[origin].node
                for (_, destination) in mine {
                    let key = sim.members[destination].publicKey
                    do throws(RouteFailure) {
                        let path = try node.paths(to: key, now: sim.now)[0].hops
                        let id = try node.ping(key, path: path, now: sim.now)
                        let back = sim.pathDelay(from: destination, hops: Array(([sim.members[origin].publicKey] + path.dropLast()).reversed()))
                        pending[id] = (origin, destination, sim.now, sim.pathDelay(from: origin, hops: path) + back)
                    } catch {
                        failures.append((origin, destination))
                    }
                }
                sim.pump(origin)
            }
        }
        sim.run(for: UInt64(nodes) * stagger + 10_000_000_000)
        sim.onEvent = nil
        failures += pending.values.map { ($0.origin, $0.destination) }.sorted { $0 < $1 }
        let far = failures.filter { Self.hopDistance(edges, nodes: nodes, from: $0.0, to: $0.1) > RouteFinder.hopLimit }.count
        return Result(
            nodes: nodes, links: edges.count, convergence: convergence, pairs: plan.count, replies: replies,
            failures: failures, beyondHopLimit: far, rttMismatches: mismatches,
            meanHops: replies == 0 ? 0 : Double(hopsTotal) / Double(replies), maxHops: maxHops,
            meanRTT: replies == 0 ? 0 : rttTotal / UInt64(replies), stats: sim.stats)
    }

    /// Fewest links between two nodes (breadth-first), or Int.max.
    static func hopDistance(_ edges: [(Int, Int)], nodes: Int, from a: Int, to b: Int) -> Int {
        var adjacency = [[Int]](repeating: [], count: nodes)
        for (x, y) in edges { adjacency[x].append(y); adjacency[y].append(x) }
        var distance = [Int](repeating: Int.max, count: nodes)
        distance[a] = 0
        var queue = [a], head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for v in adjacency[u] where distance[v] == Int.max {
                distance[v] = distance[u] + 1
                queue.append(v)
            }
        }
        return distance[b]
    }
}
