import SkywireRouting

/// The scenarios `skywire-sim` runs, each rendered as plain text.
public enum SimulationScenario: String, Sendable, CaseIterable {
    case reachability
    case setupLatency = "setup-latency"
    case telescoping
    case cutLink = "cut-link"
    case multipath
}

/// Runs a scenario and renders what happened (tables).
public enum SimulationReport {
    /// - Parameters:
    ///   - nodes: network size (reachability), chain length (setup-latency: hops = nodes − 1).
    ///   - destinations: destinations per node for reachability (nil: all pairs).
    /// - Returns: the report and the simulator events processed.
    public static func run(
        _ scenario: SimulationScenario, nodes: Int, topology: TopologyKind, seed: UInt64, destinations: Int?
    ) -> (text: String, events: UInt64) {
        switch scenario {
        case .reachability:
            var s = ReachabilityScenario()
            s.nodes = max(2, nodes)
            s.topology = topology
            s.seed = seed
            s.destinationsPerNode = destinations
            let r = s.run()
            var text = TextTable.render(
                header: ["nodes", "links", "converged ms", "pairs", "answered", "mean hops", "max hops", "mean RTT ms", "RTT ≠ path"],
                rows: [[String(r.nodes), String(r.links), r.convergence.map(TextTable.ms) ?? "never", String(r.pairs),
                        String(r.replies), TextTable.ratio(r.meanHops), String(r.maxHops), TextTable.ms(r.meanRTT),
                        String(r.rttMismatches)]])
            if !r.failures.isEmpty {
                text += "\nunanswered (origin → destination): \(r.failures.prefix(20))"
                text += "\n\(r.beyondHopLimit) of \(r.failures.count) are more than \(RouteFinder.hopLimit) hops apart (the route length limit)"
            }
            return (text + "\n" + network(r.stats), r.stats.events)
        case .setupLatency:
            var s = SetupLatencyScenario()
            s.hops = min(max(1, nodes - 1), 16)
            s.seed = seed
            let (rows, _) = s.run()
            return ("chain, 5 ms per link, 50 µs processing per hop; request in the setup, answer on the reverse labels\n"
                    + SetupLatencyScenario.table(rows), 0)
        case .telescoping:
            var s = TelescopingScenario()
            s.seed = seed
            return ("chain, 5 ms per link, 50 µs processing per hop; time from setup start to first data at the destination\n"
                    + TelescopingScenario.table(s.run()), 0)
        case .cutLink:
            var s = CutLinkScenario()
            s.seed = seed
            let r = s.run()
            var lines = [TextTable.render(
                header: ["records", "delivered", "in order", "gap ms", "interval ms", "max latency ms", "routes back ms", "session reset"],
                rows: [[String(r.sent), String(r.delivered), r.complete ? "yes" : "NO", TextTable.ms(r.longestGap),
                        TextTable.ms(r.interval), TextTable.ms(r.maxLatency), r.routesRestoredAfter.map(TextTable.ms) ?? "never",
                        r.sessionSurvived ? "no" : "YES"]])]
            lines.append("after the cut (origin):")
            lines += r.log.prefix(30).map { "  +\(TextTable.ms($0.0)) ms  \($0.1)" }
            return (lines.joined(separator: "\n"), 0)
        case .multipath:
            var s = MultipathScenario()
            s.seed = seed
            let r = s.run()
            let text = TextTable.render(
                header: ["bulk fast only ms", "bulk both ms", "bytes fast/slow", "latency median ms", "p99 ms", "max ms", "fast path ms", "slow path ms"],
                rows: [[r.bulkFastOnly.map(TextTable.ms) ?? "-", r.bulkBoth.map(TextTable.ms) ?? "-",
                        r.bytesPerRoute.map(String.init).joined(separator: "/"), TextTable.ms(r.latencyMedian),
                        TextTable.ms(r.latencyP99), TextTable.ms(r.latencyMax), TextTable.ms(r.fastOneWay), TextTable.ms(r.slowOneWay)]])
            return (text, 0)
        }
    }

    static func network(_ s: SimStats) -> String {
        "network: \(s.events) events, \(s.datagramsSent) datagrams (\(s.bytesSent) bytes), dropped: loss \(s.droppedLoss), cut \(s.droppedCut), queue \(s.droppedQueue)"
    }
}
