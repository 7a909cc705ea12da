/// Ready-made graphs for the simulator: undirected edges between node indices `0 ..< n`.
public enum Topology {
    /// 0 – 1 – 2 – … – (n−1).
    public static func chain(_ n: Int) -> [(Int, Int)] {
        n < 2 ? [] : (0..<(n - 1)).map { ($0, $0 + 1) }
    }

    /// A `width` × `height` grid, node `y · width + x`, joined to its right and lower neighbours.
    public static func grid(width: Int, height: Int) -> [(Int, Int)] {
        var edges: [(Int, Int)] = []
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                if x + 1 < width { edges.append((i, i + 1)) }
                if y + 1 < height { edges.append((i, i + width)) }
            }
        }
        return edges
    }

    /// The squarest grid with at least `n` nodes (`width · height ≥ n`, the last row partly
    /// filled); edges only between the first `n` nodes.
    public static func grid(nodes n: Int) -> [(Int, Int)] {
        var width = 1
        while width * width < n { width += 1 }
        let height = (n + width - 1) / width
        return grid(width: width, height: height).filter { $0.0 < n && $0.1 < n }
    }

    /// A random connected graph with `n` nodes and an average degree of about `degree`: a random
    /// spanning tree (each node joins a random earlier one), then random extra edges (no
    /// duplicates, no loops) until `n · degree / 2` edges.
    public static func randomConnected(nodes n: Int, averageDegree degree: Double, rng: inout SplitMix64) -> [(Int, Int)] {
        guard n >= 2 else { return [] }
        var order = Array(0..<n)
        order.shuffle(using: &rng)
        var present = Set<Int>()
        var edges: [(Int, Int)] = []
        func add(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (min(a, b), max(a, b))
            guard x != y, present.insert(x * n + y).inserted else { return false }
            edges.append((x, y))
            return true
        }
        for i in 1..<n {
            _ = add(order[i], order[Int(rng.next() % UInt64(i))])
        }
        let target = min(Int((Double(n) * degree / 2).rounded()), n * (n - 1) / 2)
        var attempts = 0
        while edges.count < target && attempts < 100 * target {
            attempts += 1
            _ = add(Int(rng.next() % UInt64(n)), Int(rng.next() % UInt64(n)))
        }
        return edges
    }
}
