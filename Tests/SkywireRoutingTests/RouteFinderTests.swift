import SkywireCrypto
import SkywireRouting
import Testing

/// Hand-made graphs: node i is `n[i]`; `link(a, b)` adds both directions, `oneWay(a, b)` one.
struct GraphBuilder {
    let n = sortedKeys(12).map(\.publicKey)
    var edges: [TopologyGraph.Edge] = []

    mutating func oneWay(_ a: Int, _ b: Int, latency: UInt32 = 1000, loss: UInt16 = 0, kbps: UInt32 = 100_000) {
        edges.append(.init(from: n[a], to: n[b], metrics: .init(latencyMicros: latency, lossPermille: loss, throughputKbps: kbps)))
    }

    mutating func link(_ a: Int, _ b: Int, latency: UInt32 = 1000, loss: UInt16 = 0, kbps: UInt32 = 100_000) {
        oneWay(a, b, latency: latency, loss: loss, kbps: kbps)
        oneWay(b, a, latency: latency, loss: loss, kbps: kbps)
    }

    var graph: TopologyGraph { TopologyGraph(edges: edges) }
    func finder(maxHops: Int = 16) -> RouteFinder { RouteFinder(graph: graph, maxHops: maxHops) }
    func hops(_ p: RoutePath) -> [Int] { p.hops.map { k in n.firstIndex(of: k)! } }
}

@Suite struct RouteFinderTests {
    @Test func picksTheLowLatencyPath() throws {
        var g = GraphBuilder()
        g.link(0, 1, latency: 1_000); g.link(1, 3, latency: 1_000)      // 0-1-3: 2 ms
        g.link(0, 2, latency: 20_000); g.link(2, 3, latency: 20_000)    // 0-2-3: 40 ms
        let p = try g.finder().paths(from: g.n[0], to: g.n[3], count: 1)
        #expect(p.count == 1)
        #expect(g.hops(p[0]) == [1, 3])
        #expect(p[0].latencyMicros == 2_000)
    }

    @Test func throughputAndLossCount() throws {
        var slow = GraphBuilder()
        slow.link(0, 1, kbps: 1_000); slow.link(1, 3, kbps: 1_000)      // 12 ms per 1500-byte packet per edge
        slow.link(0, 2, kbps: 100_000); slow.link(2, 3, kbps: 100_000)
        #expect(slow.hops(try slow.finder().paths(from: slow.n[0], to: slow.n[3], count: 1)[0]) == [2, 3])

        var lossy = GraphBuilder()
        lossy.link(0, 1, loss: 600); lossy.link(1, 3)
        lossy.link(0, 2, latency: 1500); lossy.link(2, 3, latency: 1500)
        #expect(lossy.hops(try lossy.finder().paths(from: lossy.n[0], to: lossy.n[3], count: 1)[0]) == [2, 3])

        var dead = GraphBuilder()
        dead.link(0, 1, loss: 1000)
        #expect(throws: RouteFinderError.noPath) { try dead.finder().paths(from: dead.n[0], to: dead.n[1], count: 1) }
    }

    @Test func fewerHopsWinWhenDelayIsEqual() throws {
        var g = GraphBuilder()
        g.link(0, 1, latency: 2000); g.link(1, 4, latency: 2000)
        g.link(0, 2, latency: 1000); g.link(2, 3, latency: 1000); g.link(3, 5, latency: 1000); g.link(5, 4, latency: 1000)
        #expect(g.hops(try g.finder().paths(from: g.n[0], to: g.n[4], count: 1)[0]) == [1, 4])
    }

    @Test func twoDisjointPathsWhenTheyExist() throws {
        // Two relay-disjoint ways 0 → 5: 0-1-2-5 (fast) and 0-3-4-5 (slower), plus a shortcut
        // 1-4 that a careless second path would reuse.
        var g = GraphBuilder()
        g.link(0, 1); g.link(1, 2); g.link(2, 5)
        g.link(0, 3, latency: 3000); g.link(3, 4, latency: 3000); g.link(4, 5, latency: 3000)
        g.link(1, 4, latency: 500)
        let p = try g.finder().paths(from: g.n[0], to: g.n[5], count: 2)
        #expect(p.count == 2)
        let relays = p.map { Set(g.hops($0).dropLast()) }
        #expect(relays[0].isDisjoint(with: relays[1]))
        #expect(p[0].cost <= p[1].cost)
    }

    @Test func overlappingPathsWhenTheGraphAllowsNothingElse() throws {
        // A bridge: every path crosses 2 → 3.
        var g = GraphBuilder()
        g.link(0, 1); g.link(1, 2); g.link(0, 4); g.link(4, 2); g.link(2, 3)
        let p = try g.finder().paths(from: g.n[0], to: g.n[3], count: 2)
        #expect(p.count == 2)
        #expect(p.allSatisfy { g.hops($0).suffix(2) == [2, 3] })
        #expect(p[0].hops != p[1].hops)
        // A single line has exactly one path, however many are asked for.
        var line = GraphBuilder()
        line.link(0, 1); line.link(1, 2)
        #expect(try line.finder().paths(from: line.n[0], to: line.n[2], count: 3).count == 1)
    }

    @Test func oneWayEdgesAreFollowedInTheirDirectionOnly() throws {
        var g = GraphBuilder()
        g.oneWay(0, 1)              // 0 hears… no: 0 → 1 works, 1 → 0 does not
        g.link(1, 2); g.link(2, 0)  // the back channel 1 → 2 → 0
        let f = g.finder()
        #expect(g.hops(try f.paths(from: g.n[0], to: g.n[1], count: 1)[0]) == [1])
        #expect(g.hops(try f.paths(from: g.n[1], to: g.n[0], count: 1)[0]) == [2, 0])
        #expect(g.hops(try f.reversePaths(from: g.n[0], to: g.n[1], count: 1)[0]) == [2, 0])
        #expect(!g.graph.supportsReverse(from: g.n[0], path: [g.n[1]]))
        #expect(g.graph.supportsReverse(from: g.n[1], path: [g.n[2], g.n[0]]))

        var strictlyOneWay = GraphBuilder()
        strictlyOneWay.oneWay(0, 1)
        #expect(throws: RouteFinderError.noPath) {
            try strictlyOneWay.finder().paths(from: strictlyOneWay.n[1], to: strictlyOneWay.n[0], count: 1)
        }
    }

    @Test func maxHopsIsRespected() throws {
        // A cheap 5-hop line and an expensive 2-hop detour.
        var g = GraphBuilder()
        for i in 0..<5 { g.link(i, i + 1, latency: 100) }
        g.link(0, 6, latency: 50_000); g.link(6, 5, latency: 50_000)
        #expect(try g.finder(maxHops: 5).paths(from: g.n[0], to: g.n[5], count: 1)[0].hops.count == 5)
        #expect(g.hops(try g.finder(maxHops: 4).paths(from: g.n[0], to: g.n[5], count: 1)[0]) == [6, 5])
        #expect(throws: RouteFinderError.noPath) { try g.finder(maxHops: 1).paths(from: g.n[0], to: g.n[5], count: 1) }
        #expect(throws: RouteFinderError.invalidParameters) { try g.finder(maxHops: 17).paths(from: g.n[0], to: g.n[5], count: 1) }
    }

    @Test func longestRouteHasSixteenHops() throws {
        var g = GraphBuilder()
        let keys = sortedKeys(17).map(\.publicKey)
        g.edges = (0..<16).map { .init(from: keys[$0], to: keys[$0 + 1], metrics: .init(latencyMicros: 10, lossPermille: 0, throughputKbps: 0)) }
        let f = RouteFinder(graph: g.graph)
        #expect(try f.paths(from: keys[0], to: keys[16], count: 1)[0].hops == Array(keys[1...]))
        #expect(try f.paths(from: keys[0], to: keys[16], count: 1)[0].bottleneckKbps == 0)
    }

    @Test func typedResultsForImpossibleQueries() throws {
        var g = GraphBuilder()
        g.link(0, 1); g.link(2, 3)
        let f = g.finder()
        #expect(throws: RouteFinderError.noPath) { try f.paths(from: g.n[0], to: g.n[3], count: 1) }
        #expect(throws: RouteFinderError.unknownSource) { try f.paths(from: g.n[9], to: g.n[1], count: 1) }
        #expect(throws: RouteFinderError.unknownDestination) { try f.paths(from: g.n[0], to: g.n[9], count: 1) }
        #expect(throws: RouteFinderError.sameSourceAndDestination) { try f.paths(from: g.n[0], to: g.n[0], count: 1) }
        #expect(throws: RouteFinderError.invalidParameters) { try f.paths(from: g.n[0], to: g.n[1], count: 0) }
    }

    @Test func deterministicWhateverTheEdgeOrder() throws {
        var g = GraphBuilder()
        // A grid where many paths tie.
        for (a, b) in [(0, 1), (1, 2), (0, 3), (3, 4), (1, 4), (4, 5), (2, 5), (3, 6), (6, 7), (4, 7), (7, 8), (5, 8)] { g.link(a, b) }
        let reference = try g.finder().paths(from: g.n[0], to: g.n[8], count: 3)
        #expect(reference.count == 3)
        for _ in 0..<10 {
            var shuffled = g
            shuffled.edges.shuffle()
            #expect(try shuffled.finder().paths(from: g.n[0], to: g.n[8], count: 3) == reference)
        }
    }
}

@Suite struct RouteFinderScaleTests {
    /// 1000 nodes, 6 random links each way per node: time for 3 paths (printed, not asserted).
    @Test func aThousandNodeMesh() throws {
        let keys = sortedKeys(1000).map(\.publicKey)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var edges: [TopologyGraph.Edge] = []
        for a in 0..<keys.count {
            for _ in 0..<6 {
                let b = next(keys.count)
                let m = LinkMetrics(latencyMicros: UInt32(500 + next(20_000)), lossPermille: UInt16(next(50)), throughputKbps: UInt32(1000 + next(100_000)))
                edges.append(.init(from: keys[a], to: keys[b], metrics: m))
                edges.append(.init(from: keys[b], to: keys[a], metrics: m))
            }
        }
        let graph = TopologyGraph(edges: edges)
        let clock = ContinuousClock()
        let start = clock.now
        let paths = try RouteFinder(graph: graph).paths(from: keys[0], to: keys[999], count: 3)
        let elapsed = clock.now - start
        #expect(!paths.isEmpty)
        print("route finder: \(graph.nodes.count) nodes, \(graph.edgeCount) edges, \(paths.count) paths of \(paths.map(\.hops.count)) hops in \(elapsed)")
    }
}
