import SkywireCrypto
import SkywireNode
import SkywireRouting

/// A link on an active route is cut while a reliable stream runs.
///
/// Three disjoint 3-hop paths join A and D: via B1–B2 (5 ms links), via C1–C2 (7 ms) and via
/// E1–E2 (9 ms). A session (k = 2 routes: the B and C paths) carries a record every
/// `interval`; at `cutAt` the link B1–B2 is cut in both directions. The session notices the
/// dead route by its missing acknowledgements, re-sends what was in flight on the C route, and
/// the node sets up a replacement (the E path, since the B path just failed). The session
/// itself is never reset: it is bound to D's node key, not to any link.
public struct CutLinkScenario: Sendable {
    public var interval: UInt64 = 5_000_000
    public var records = 1_600
    public var cutAt: UInt64 = 3_000_000_000
    public var seed: UInt64 = 1

    public init() {}

    public struct Result: Sendable {
        public var convergence: UInt64?
        public var sent: UInt64
        public var delivered: Int
        /// Every record arrived, in order, intact.
        public var complete: Bool
        /// The longest time between two consecutive arrivals (the gap the cut caused), ns.
        public var longestGap: UInt64
        public var gapAfterRecord: UInt64
        /// The usual spacing of arrivals (the send interval), for comparison.
        public var interval: UInt64
        public var maxLatency: UInt64
        /// Cut → the session had dropped the cut route and had `targetRouteCount` live routes
        /// again (one set up here or learnt from the peer; nil: never); checked every 10 ms.
        public var routesRestoredAfter: UInt64?
        /// What happened at the origin after the cut (time since the cut, text).
        public var log: [(UInt64, String)]
        /// No `closed` notice: the session survived.
        public var sessionSurvived: Bool
    }

    public func run() -> Result {
        // A=0, B1=1, B2=2, C1=3, C2=4, E1=5, E2=6, D=7.
        let edges = [(0, 1), (1, 2), (2, 7), (0, 3), (3, 4), (4, 7), (0, 5), (5, 6), (6, 7)]
        let delay: [Int: Double] = [1: 5, 2: 5, 7: 5, 3: 7, 4: 7, 5: 9, 6: 9]
        let sim = Simulator.network(seed: seed, nodes: 8, edges: edges) { a, b in
            .ms(delay[a == 0 || a == 7 ? b : a]!)
        }
        let convergence = sim.runUntilConverged()
        guard let stream = try? RecordStream(sim: sim, from: 0, to: 7, routes: 2) else {
            return Result(convergence: convergence, sent: 0, delivered: 0, complete: false, longestGap: 0, gapAfterRecord: 0,
                          interval: interval, maxLatency: 0, routesRestoredAfter: nil, log: [], sessionSurvived: false)
        }
        sim.run(for: 200_000_000)
        let start = sim.now
        stream.send(count: records, every: interval)
        let cutTime = start + cutAt
        let cutLink = sim.link(between: 1, and: 2)!
        sim.schedule(at: cutTime) { $0.cut(link: cutLink) }
        var restored: UInt64?
        sim.run(until: cutTime)
        let target = sim.members[0].node.config.session.targetRouteCount
        sim.run(for: UInt64(records) * interval + 5_000_000_000, checkEvery: 10_000_000) { sim in
            if restored == nil, sim.now > cutTime,
               sim.members[0].events.contains(where: { $0.time > cutTime && $0.event.isRouteLost }),
               sim.members[0].node.sessionRoutes(stream.sendHandle).filter(\.live).count >= target {
                restored = sim.now - cutTime
            }
            return false
        }
        stream.drain()
        let log = sim.members[0].events.filter { $0.time >= cutTime }.compactMap { e -> (UInt64, String)? in
            let t = e.time - cutTime
            if case .session(_, let notice) = e.event { return (t, "session: \(notice)") }
            if case .routeUp(let id, _, let hops) = e.event { return (t, "route up: \(id), \(hops) hops") }
            if case .routeDown(let id, let reason) = e.event { return (t, "route down: \(id) (\(reason))") }
            if case .neighborDown = e.event { return (t, "\(e.event)") }
            return nil
        }
        let gap = stream.longestGap ?? (0, 0)
        let survived = !sim.members[0].events.contains { if case .session(_, .closed) = $0.event { return true }; return false }
        return Result(
            convergence: convergence, sent: stream.sent, delivered: stream.arrivals.count, complete: stream.isComplete,
            longestGap: gap.gap, gapAfterRecord: gap.after, interval: interval,
            maxLatency: stream.arrivals.map(\.latency).max() ?? 0, routesRestoredAfter: restored, log: log,
            sessionSurvived: survived)
    }
}

extension NodeEvent {
    var isRouteAddedToSession: Bool {
        if case .session(_, .routeAdded) = self { return true }
        return false
    }

    var isRouteLost: Bool {
        if case .session(_, .routeLost) = self { return true }
        return false
    }
}
