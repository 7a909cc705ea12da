import SkywireCrypto
import SkywireNode
import SkywireRouting
import SkywireSim
import Testing

@Suite struct CutLinkTests {
    /// A reliable stream (a 64-byte record every 5 ms, 8 s) over two routes; 3 s in, a link of
    /// the faster route is cut. Every byte arrives, in order; the session is never reset; the
    /// gap (longest time between two arrivals) stays well under a second, and the session has
    /// its two live routes back (on a third, fresh path) soon after.
    @Test func streamSurvivesACutLink() throws {
        let r = CutLinkScenario().run()
        print("converged \(r.convergence.map(millis) ?? "never"); \(r.delivered)/\(r.sent) records; gap \(millis(r.longestGap)) after record \(r.gapAfterRecord) (interval \(millis(r.interval))); max latency \(millis(r.maxLatency)); routes restored after \(r.routesRestoredAfter.map(millis) ?? "never")")
        for (t, line) in r.log.prefix(20) { print("  +\(millis(t)) \(line)") }
        #expect(r.sent == 1_600)
        #expect(r.complete, "every record, in order")
        #expect(r.sessionSurvived)
        #expect(r.longestGap < 500 * ms)
        #expect(r.routesRestoredAfter != nil)
    }
}
