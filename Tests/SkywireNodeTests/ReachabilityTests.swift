import Foundation
import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct ReachabilityTests {
    /// 100 nodes on a random connected graph (average degree 4, one-way delays 1–10 ms): after
    /// the topology converged, every node pings 10 random destinations; every ping's request
    /// rides in its route setup and every reply comes back on the reverse labels after exactly
    /// the path's round trip.
    @Test func hundredRandomNodesReachEachOther() throws {
        var scenario = ReachabilityScenario()
        scenario.nodes = 100
        scenario.seed = 11
        scenario.destinationsPerNode = nil  // every ordered pair: 9900 route setups and pings
        let started = Date()
        let r = scenario.run()
        let wall = Date().timeIntervalSince(started)
        print("100 nodes, all pairs, \(r.links) links: converged in \(r.convergence.map(millis) ?? "never"); \(r.replies)/\(r.pairs) replies, mean \(r.meanHops) hops (max \(r.maxHops)), mean RTT \(millis(r.meanRTT)); \(r.stats.events) events in \(wall) s = \(Double(r.stats.events) / wall) events/s; \(r.stats)")
        #expect(r.convergence != nil)
        #expect(r.failures.isEmpty, "no reply: \(r.failures.prefix(10))")
        #expect(r.replies == r.pairs)
        #expect(r.rttMismatches == 0)
        #expect(r.stats.stalls == 0)
    }
}
