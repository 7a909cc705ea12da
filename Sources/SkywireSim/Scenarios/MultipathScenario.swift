import SkywireCrypto
import SkywireNode
import SkywireRouting

/// Two routes of very different delay: A–B–D (2 × 5 ms: 10 ms one way) and A–C–D
/// (2 × 100 ms: 200 ms). Every link is a `rateBytesPerSecond` bottleneck.
///
/// Throughput: a bulk transfer of `bulkBytes` over one route (the fast one) and over both; the
/// second must not take longer than the first (beyond a stated margin): the slow route may
/// add capacity but must not hold the stream back.
/// Latency: small records every `interval` on a two-route session arrive after the fast
/// route's delay, never after the slow one's.
public struct MultipathScenario: Sendable {
    public var rateBytesPerSecond: UInt64 = 1_250_000
    public var bufferBytes = 256 * 1024
    public var bulkBytes = 2_000_000
    public var latencyRecords = 200
    public var interval: UInt64 = 10_000_000
    public var seed: UInt64 = 1

    public init() {}

    public struct Result: Sendable {
        /// Time to deliver the bulk transfer on the fast route alone / on both routes, ns.
        public var bulkFastOnly: UInt64?
        public var bulkBoth: UInt64?
        /// Stream bytes each route carried in the two-route transfer (fast, slow).
        public var bytesPerRoute: [UInt64]
        /// Latency of small records on the two-route session: median, 99th percentile, max, ns.
        public var latencyMedian: UInt64
        public var latencyP99: UInt64
        public var latencyMax: UInt64
        /// The fast and slow paths' one-way delays (latency + processing per hop), ns.
        public var fastOneWay: UInt64
        public var slowOneWay: UInt64
        public var complete: Bool
    }

    func network() -> Simulator {
        // A=0, B=1, C=2, D=3.
        Simulator.network(seed: seed, nodes: 4, edges: [(0, 1), (1, 3), (0, 2), (2, 3)]) { a, b in
            let slow = a == 2 || b == 2
            return DirectionSpec(latency: slow ? 100_000_000 : 5_000_000, rateBytesPerSecond: rateBytesPerSecond, bufferBytes: bufferBytes)
        }
    }

    public func run() -> Result {
        var complete = true
        func bulk(routes: Int) -> (UInt64?, [UInt64]) {
            let sim = network()
            _ = sim.runUntilConverged()
            guard let stream = try? RecordStream(sim: sim, from: 0, to: 3, routes: routes, recordSize: 1_000) else { return (nil, []) }
            sim.run(for: 500_000_000)
            let start = sim.now
            stream.sendBulk(count: bulkBytes / 1_000)
            let done = sim.run(for: 120_000_000_000, checkEvery: 1_000_000) { _ in stream.isComplete }
            complete = complete && done
            let perRoute = sim.members[0].node.sessionStats(stream.sendHandle)?.routes.map(\.streamBytesSent) ?? []
            return (done ? (stream.arrivals.last?.arrivedAt ?? sim.now) - start : nil, perRoute)
        }
        let (fastOnly, _) = bulk(routes: 1)
        let (both, perRoute) = bulk(routes: 2)

        let sim = network()
        _ = sim.runUntilConverged()
        var latencies: [UInt64] = []
        if let stream = try? RecordStream(sim: sim, from: 0, to: 3, routes: 2, recordSize: 100) {
            sim.run(for: 1_000_000_000)
            stream.send(count: latencyRecords, every: interval)
            let done = sim.run(for: UInt64(latencyRecords) * interval + 5_000_000_000, checkEvery: 10_000_000) { _ in
                stream.isComplete && stream.sent == UInt64(latencyRecords)
            }
            complete = complete && done
            latencies = stream.arrivals.map(\.latency).sorted()
        }
        let keys = sim.members.map(\.publicKey)
        func pick(_ q: Double) -> UInt64 { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))] }
        return Result(
            bulkFastOnly: fastOnly, bulkBoth: both, bytesPerRoute: perRoute,
            latencyMedian: pick(0.5), latencyP99: pick(0.99), latencyMax: latencies.last ?? 0,
            fastOneWay: sim.pathDelay(from: 0, hops: [keys[1], keys[3]], size: 100),
            slowOneWay: sim.pathDelay(from: 0, hops: [keys[2], keys[3]], size: 100), complete: complete)
    }
}
