import SkywireCrypto
import SkywireNode
import SkywireRouting

/// One-pass setup against telescoping (Tor's circuit extension) on the same simulated chain.
///
/// Ours: the origin sends one onion setup with the first data right in it; the time to first
/// data at the destination is the path's one-way delay.
/// Telescoping (the baseline): the origin extends the route one hop per round trip and waits for
/// each hop's confirmation before extending further: for i = 1 … n it sets up the route to hop i
/// and waits for that hop's answer (a ping over the i-hop prefix); only then does the first data
/// go out over the full route. Its time to first data is Σ RTT(prefix i) + the one-way delay.
public struct TelescopingScenario: Sendable {
    public var hopCounts = [3, 5, 8]
    public var linkLatencyMs = 5.0
    public var processingDelay: UInt64 = 50_000
    public var seed: UInt64 = 1

    public init() {}

    public struct Row: Sendable, Equatable {
        public var hops: Int
        /// Setup start → first data at the destination, ns.
        public var ours: UInt64?
        public var telescoping: UInt64?
        public var ratio: Double? {
            guard let ours, let telescoping, ours > 0 else { return nil }
            return Double(telescoping) / Double(ours)
        }
    }

    public func run() -> [Row] {
        let longest = hopCounts.max() ?? 1
        let latency = DirectionSpec.ms(linkLatencyMs)
        let sim = Simulator.network(
            seed: seed, nodes: longest + 1, edges: Topology.chain(longest + 1), processingDelay: processingDelay) { _, _ in latency }
        _ = sim.runUntilConverged()
        return hopCounts.map { n in
            let path = sim.members[1...n].map(\.publicKey)
            let ours = firstData(sim, path: path, after: nil)
            sim.run(for: 1_000_000_000)
            let telescoping = telescope(sim, path: path)
            sim.run(for: 1_000_000_000)
            return Row(hops: n, ours: ours, telescoping: telescoping)
        }
    }

    /// Opens a route over `path` with a datagram in the setup; the time from the call until
    /// the destination has it.
    private func firstData(_ sim: Simulator, path: [PublicKey], after start: UInt64?) -> UInt64? {
        let began = start ?? sim.now
        let destination = path.count  // on the chain, node i is hop i
        let marker = Array("first data".utf8)
        guard (try? sim.members[0].node.openRoute(path: path, datagram: marker, now: sim.now)) != nil else { return nil }
        let sentAt = sim.now
        sim.pump(0)
        sim.run(for: 2 * sim.pathDelay(from: 0, hops: path) + 100_000_000)
        let arrival = sim.members[destination].events.first { e in
            guard e.time >= sentAt, case .datagram(_, let bytes, true) = e.event else { return false }
            return bytes == marker
        }?.time
        return arrival.map { $0 - began }
    }

    /// Extends hop by hop, each extension only after the previous hop confirmed.
    private func telescope(_ sim: Simulator, path: [PublicKey]) -> UInt64? {
        let start = sim.now
        var waiting: PingID?
        var confirmedAt: UInt64?
        sim.onEvent = { index, time, event in
            if index == 0, let id = event.pingReplyID, id == waiting { confirmedAt = time }
        }
        defer { sim.onEvent = nil }
        for i in 1...path.count {
            confirmedAt = nil
            guard let id = try? sim.members[0].node.ping(path[i - 1], path: Array(path[0..<i]), now: sim.now) else { return nil }
            waiting = id
            sim.pump(0)
            // Runs event by event, so the clock stops at the very moment the confirmation arrives.
            sim.run(for: 10_000_000_000, checkEvery: 0) { _ in confirmedAt != nil }
            guard confirmedAt != nil else { return nil }
        }
        return firstData(sim, path: path, after: start)
    }

    /// The table: hops, ours, telescoping (ms), ratio.
    public static func table(_ rows: [Row]) -> String {
        TextTable.render(
            header: ["hops", "ours ms", "telescoping ms", "ratio"],
            rows: rows.map { r in
                [String(r.hops), r.ours.map(TextTable.ms) ?? "-", r.telescoping.map(TextTable.ms) ?? "-",
                 r.ratio.map(TextTable.ratio) ?? "-"]
            })
    }
}
