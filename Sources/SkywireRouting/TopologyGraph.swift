import SkywireCrypto

/// The measured figures of one directed edge (from → to).
public struct LinkMetrics: Hashable, Sendable {
    public var latencyMicros: UInt32
    public var lossPermille: UInt16
    /// 0 = not measured.
    public var throughputKbps: UInt32

    public init(latencyMicros: UInt32, lossPermille: UInt16, throughputKbps: UInt32) {
        self.latencyMicros = latencyMicros
        self.lossPermille = lossPermille
        self.throughputKbps = throughputKbps
    }
}

/// The directed graph of the mesh: an edge A → B exists when A's record lists B with that
/// direction confirmed. B's record is not consulted, so a one-way link is an edge in one direction
/// only. Nodes are held in ascending key order, edges in ascending target order, so everything
/// computed from the graph is deterministic (no dependence on hash-table iteration order).
public struct TopologyGraph: Sendable {
    public struct Edge: Hashable, Sendable {
        public let from: PublicKey
        public let to: PublicKey
        public let metrics: LinkMetrics
        public init(from: PublicKey, to: PublicKey, metrics: LinkMetrics) {
            self.from = from
            self.to = to
            self.metrics = metrics
        }
    }

    struct IndexedEdge: Sendable {
        let to: Int
        let metrics: LinkMetrics
    }

    /// Every node that has an edge or a record, ascending.
    public let nodes: [PublicKey]
    let index: [PublicKey: Int]
    let adjacency: [[IndexedEdge]]

    /// A graph from explicit edges (the first of two edges with the same ends wins).
    public init(edges: [Edge], extraNodes: [PublicKey] = []) {
        var keys = Set(extraNodes)
        for e in edges where e.from != e.to {
            keys.insert(e.from)
            keys.insert(e.to)
        }
        let nodes = keys.sorted()
        var index: [PublicKey: Int] = [:]
        index.reserveCapacity(nodes.count)
        for (i, k) in nodes.enumerated() { index[k] = i }
        var adjacency = [[IndexedEdge]](repeating: [], count: nodes.count)
        var seen = Set<Int>()
        for e in edges where e.from != e.to {
            let a = index[e.from]!, b = index[e.to]!  // both inserted above
            guard seen.insert(a * nodes.count + b).inserted else { continue }
            adjacency[a].append(IndexedEdge(to: b, metrics: e.metrics))
        }
        for i in adjacency.indices { adjacency[i].sort { $0.to < $1.to } }
        self.nodes = nodes
        self.index = index
        self.adjacency = adjacency
    }

    /// The graph the records describe: one edge per confirmed link.
    public init(records: some Sequence<LinkStateRecord>) {
        var edges: [Edge] = []
        var origins: [PublicKey] = []
        for r in records {
            origins.append(r.origin)
            for l in r.links where l.confirmed {
                edges.append(Edge(from: r.origin, to: l.neighbour, metrics: LinkMetrics(
                    latencyMicros: l.latencyMicros, lossPermille: l.lossPermille, throughputKbps: l.throughputKbps)))
            }
        }
        self.init(edges: edges, extraNodes: origins)
    }

    public var edgeCount: Int { adjacency.reduce(0) { $0 + $1.count } }

    public func contains(_ node: PublicKey) -> Bool { index[node] != nil }

    /// The edges leaving `node`, ascending by target.
    public func edges(from node: PublicKey) -> [Edge] {
        guard let i = index[node] else { return [] }
        return adjacency[i].map { Edge(from: node, to: nodes[$0.to], metrics: $0.metrics) }
    }

    /// The figures of the edge from → to, or nil when there is no such edge.
    public func metrics(from: PublicKey, to: PublicKey) -> LinkMetrics? {
        guard let a = index[from], let b = index[to] else { return nil }
        return adjacency[a].first { $0.to == b }?.metrics
    }

    /// Whether every edge of `source → path[0] → … → path.last` also exists backwards, so the
    /// reverse labels a route setup installs along the path can carry answers.
    public func supportsReverse(from source: PublicKey, path: [PublicKey]) -> Bool {
        var previous = source
        for hop in path {
            guard metrics(from: hop, to: previous) != nil else { return false }
            previous = hop
        }
        return true
    }
}
