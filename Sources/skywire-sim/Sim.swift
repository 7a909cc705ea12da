import Glibc
import SkywireCommandLine
import SkywireSim

/// `skywire sim`: runs the deterministic simulator (many nodes on a virtual clock) and prints
/// what happened.
enum Sim {
    static let spec = CommandSpec(
        name: "sim",
        abstract: "Run the deterministic network simulator and print what happened.",
        discussion: """
            Scenarios: reachability (every node pings a sample of destinations after the \
            topology converged), setup-latency (one-pass setup on a chain: first data after one \
            way, first answer after one round trip), telescoping (one-pass setup next to a \
            hop-by-hop baseline for 3, 5 and 8 hops), cut-link (a link on an active route is cut \
            under a reliable stream), multipath (routes of 10 ms and 200 ms under one stream). \
            Times are virtual; the same seed gives the same run.
            """,
        options: [
            .option("nodes", value: "n", help: "Number of nodes, 2…5000 (setup-latency: the chain's length; default 100)."),
            .option("topology", value: "kind", help: "Topology for reachability: chain, grid or random (average degree 4; default random)."),
            .option("seed", value: "n", help: "Seed of every random draw of the run (default 1)."),
            .option("scenario", value: "name", help: "reachability, setup-latency, telescoping, cut-link or multipath (default reachability)."),
            .option("destinations", value: "n", help: "Destinations each node pings in reachability (0: all pairs; default 10)."),
        ],
        run: run
    )

    static func run(_ a: ParsedArguments) throws {
        let nodes = try a.value("nodes", expected: "a number from 2 to 5000") { Int($0).flatMap { (2...5_000).contains($0) ? $0 : nil } } ?? 100
        let kind = try a.value("topology", expected: "chain, grid or random") { TopologyKind(rawValue: $0) } ?? .random
        let seed = try a.value("seed", expected: "a number") { UInt64($0) } ?? 1
        let which = try a.value("scenario", expected: "reachability, setup-latency, telescoping, cut-link or multipath") {
            SimulationScenario(rawValue: $0)
        } ?? .reachability
        let destinations = try a.value("destinations", expected: "a number") { Int($0) } ?? 10
        let started = monotonicSeconds()
        let report = SimulationReport.run(
            which, nodes: nodes, topology: kind, seed: seed, destinations: destinations == 0 ? nil : destinations)
        let wall = monotonicSeconds() - started
        print(report.text)
        var footer = "wall time \(Int(wall * 1000)) ms"
        if report.events > 0 && wall > 0 { footer += ", \(Int(Double(report.events) / wall)) events/s" }
        print(footer)
    }

    private static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
