import SkywireCrypto

/// One path found by `RouteFinder`, with its figures on the unpenalised edges.
public struct RoutePath: Equatable, Sendable {
    /// The nodes after the source; the last one is the destination.
    public let hops: [PublicKey]
    /// Sum of the edge costs (`RouteCost`), µs.
    public let cost: UInt64
    /// Sum of the one-way latencies, µs.
    public let latencyMicros: UInt64
    /// The smallest measured throughput along the path, kbit/s (0 if some edge is unmeasured).
    public let bottleneckKbps: UInt32
    /// Product of the edges' delivery ratios, in permille.
    public let deliveryPermille: UInt32
}

/// Why no path could be given.
public enum RouteFinderError: Error, Equatable, Sendable {
    case unknownSource
    case unknownDestination
    case sameSourceAndDestination
    /// No path within `maxHops` edges (one-way edges are followed in their direction only).
    case noPath
    /// `count` must be at least 1 and `maxHops` between 1 and `RouteFinder.hopLimit`.
    case invalidParameters
}

/// Finds up to k paths from a source to a destination over the directed topology graph.
///
/// Each path is an exact minimum-cost path with at most `maxHops` edges (a hop-bounded
/// Bellman–Ford: level h holds the cheapest walk of exactly h edges; with positive costs the
/// cheapest over all levels is a simple path). For k > 1 it runs again after multiplying by
/// `reusePenalty` the cost of every edge already used and of every edge entering a relay already
/// used, so later paths avoid shared links *and* shared relays when the graph offers another way,
/// and fall back to partial overlap when it does not (a disjoint detour costing more than the
/// penalty is not worth a path of its own). Why not Suurballe: it is optimal for two edge-disjoint
/// paths only, needs node splitting for relay-disjointness and gives nothing when no disjoint pair
/// exists; the penalty method serves any k, degrades gracefully and is a few lines. Identical paths
/// are reported once, so fewer than k may come back. Ties are broken by the ascending node order of
/// the graph: the same graph always gives the same paths.
public struct RouteFinder: Sendable {
    /// The largest hop count this implementation supports (the onion packet's bound).
    public static let hopLimit = RouteSetupLayout.maxHops

    public let graph: TopologyGraph
    public var cost: RouteCost
    public var maxHops: Int
    public var reusePenalty: UInt64

    public init(graph: TopologyGraph, cost: RouteCost = RouteCost(), maxHops: Int = RouteFinder.hopLimit, reusePenalty: UInt64 = 8) {
        self.graph = graph
        self.cost = cost
        self.maxHops = maxHops
        self.reusePenalty = max(reusePenalty, 2)
    }

    /// Up to `count` paths source → destination, cheapest first.
    public func paths(from source: PublicKey, to destination: PublicKey, count: Int) throws(RouteFinderError) -> [RoutePath] {
        guard count >= 1, maxHops >= 1, maxHops <= Self.hopLimit else { throw .invalidParameters }
        guard source != destination else { throw .sameSourceAndDestination }
        guard let s = graph.index[source] else { throw .unknownSource }
        guard let t = graph.index[destination] else { throw .unknownDestination }
        let n = graph.nodes.count
        // Edge costs in one flat array (edges of node u at offsets[u] ..< offsets[u + 1]);
        // `unusable` marks an edge that cannot carry anything.
        var offsets = [Int](repeating: 0, count: n + 1)
        for u in 0..<n { offsets[u + 1] = offsets[u] + graph.adjacency[u].count }
        var edgeCost = graph.adjacency.flatMap { $0.map { cost.cost(of: $0.metrics) ?? Self.unusable } }
        var nodeFactor = [UInt64](repeating: 1, count: n)
        var found: [[Int]] = []
        var attempts = 0
        while found.count < count && attempts < 2 * count {
            attempts += 1
            guard let path = cheapest(from: s, to: t, offsets: offsets, edgeCost: edgeCost, nodeFactor: nodeFactor) else { break }
            if !found.contains(path) { found.append(path) }
            var previous = s
            for v in path {
                let i = offsets[previous] + graph.adjacency[previous].firstIndex { $0.to == v }!  // the path follows edges
                edgeCost[i] = Self.saturatingMultiply(edgeCost[i], reusePenalty)
                if v != t { nodeFactor[v] = Self.saturatingMultiply(nodeFactor[v], reusePenalty) }
                previous = v
            }
        }
        guard !found.isEmpty else { throw .noPath }
        return found.map { describe(from: s, path: $0) }
    }

    /// Paths for the answer direction, destination → source. They differ from the forward paths
    /// reversed whenever a link works one way only.
    public func reversePaths(from source: PublicKey, to destination: PublicKey, count: Int) throws(RouteFinderError) -> [RoutePath] {
        try paths(from: destination, to: source, count: count)
    }

    static let unusable = UInt64.max

    /// The cheapest path s → t with at most `maxHops` edges under the penalties, as node indices
    /// after s, or nil.
    private func cheapest(from s: Int, to t: Int, offsets: [Int], edgeCost: [UInt64], nodeFactor: [UInt64]) -> [Int]? {
        let n = graph.nodes.count
        let unreachable = UInt64.max
        var previousLevel = [UInt64](repeating: unreachable, count: n)
        previousLevel[s] = 0
        var predecessors: [[Int32]] = []
        var best = unreachable
        var bestLevel = 0
        for _ in 1...maxHops {
            var level = [UInt64](repeating: unreachable, count: n)
            var pred = [Int32](repeating: -1, count: n)
            var any = false
            for u in 0..<n where previousLevel[u] != unreachable && u != t {
                for (j, e) in graph.adjacency[u].enumerated() {
                    var c = edgeCost[offsets[u] + j]
                    guard c != Self.unusable else { continue }
                    if e.to != t { c = Self.saturatingMultiply(c, nodeFactor[e.to]) }
                    let total = previousLevel[u] + c  // each term ≤ 2^58, at most 16 of them
                    if total < level[e.to] {
                        level[e.to] = total
                        pred[e.to] = Int32(u)
                        any = true
                    }
                }
            }
            predecessors.append(pred)
            if level[t] < best {
                best = level[t]
                bestLevel = predecessors.count
            }
            guard any else { break }
            previousLevel = level
        }
        guard best != unreachable else { return nil }
        var path: [Int] = []
        var v = t
        for h in stride(from: bestLevel, through: 1, by: -1) {
            path.append(v)
            v = Int(predecessors[h - 1][v])
        }
        return path.reversed()
    }

    private func describe(from s: Int, path: [Int]) -> RoutePath {
        var total: UInt64 = 0, latency: UInt64 = 0
        var bottleneck = UInt32.max
        var delivery: UInt64 = 1000
        var previous = s
        for v in path {
            let m = graph.adjacency[previous].first { $0.to == v }!.metrics  // the path follows edges
            total += cost.cost(of: m) ?? 0
            latency += UInt64(m.latencyMicros)
            bottleneck = min(bottleneck, m.throughputKbps)
            delivery = delivery * UInt64(1000 - min(m.lossPermille, 1000)) / 1000
            previous = v
        }
        return RoutePath(
            hops: path.map { graph.nodes[$0] }, cost: total, latencyMicros: latency,
            bottleneckKbps: bottleneck, deliveryPermille: UInt32(delivery))
    }

    /// a·b, capped at 2^58 so that a sum of 16 capped costs cannot overflow.
    static func saturatingMultiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let cap: UInt64 = 1 << 58
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow || p > cap ? cap : p
    }
}
