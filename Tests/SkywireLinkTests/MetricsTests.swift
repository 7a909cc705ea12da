import SkywireCrypto
import SkywireLink
import Testing

@Suite struct MetricsTests {
    /// 10 % loss from A to B only: A's lossOut and B's lossIn read ≈ 0.1, the other direction
    /// ≈ 0, and the delivered throughput is what got through.
    @Test func oneWayLossShowsOnBothEnds() throws {
        let net = FakeNetwork(seed: 51)
        let lan = net.addSegment(delay: 5 * millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.segments[lan].loss[.init(from: a, to: b)] = 0.1
        net.run(for: 3 * second)
        #expect(net.neighbor(b, at: a)?.isUp == true)

        var sequence: UInt64 = 0
        net.every(5 * millisecond) { net in
            net.sendFrame(sequence, from: a, to: b)
            net.sendFrame(sequence, from: b, to: a)
            sequence += 1
        }
        net.run(for: 20 * second)
        let atA = try #require(net.neighbor(b, at: a)?.links.first)
        let atB = try #require(net.neighbor(a, at: b)?.links.first)
        let lossOutA = try #require(atA.lossOut), lossInB = try #require(atB.lossIn)
        #expect(abs(lossOutA - 0.1) < 0.03, "A's lossOut \(lossOutA)")
        #expect(abs(lossInB - 0.1) < 0.03, "B's lossIn \(lossInB)")
        #expect(try #require(atA.lossIn) < 0.005)
        #expect(try #require(atB.lossOut) < 0.005)
        // 200 frames/s of 43-byte datagrams (plus link frames), 90 % of them delivered.
        let out = try #require(atA.throughputOutBytesPerSec)
        let back = try #require(atB.throughputOutBytesPerSec)
        #expect(out > 7_000 && out < 8_500, "A → B delivered \(out) B/s")
        #expect(back > 8_300 && back < 9_500, "B → A delivered \(back) B/s")
        #expect(abs(Double(try #require(atB.throughputInBytesPerSec)) - Double(out)) < 1_000)
        let rtt = try #require(atA.rttNanos)
        #expect(rtt >= 10 * millisecond && rtt < 11 * millisecond)
        #expect(!net.stalled)
    }

    @Test func rttEstimatorFollowsRFC6298() {
        // Through a link: two samples of 20 ms (up, then +1 s), then one of 60 ms.
        let net = FakeNetwork(seed: 52)
        let lan = net.addSegment(delay: 10 * millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.run(for: 1500 * millisecond)
        let first = net.neighbor(b, at: a)?.links.first
        #expect(first?.rttNanos == 20 * millisecond)
        // First sample: rttvar = 10 ms; second (equal): 3/4 · 10 = 7.5 ms.
        #expect(first?.rttVarNanos == 7_500_000)
        net.segments[lan].delay = 30 * millisecond
        net.run(for: 1 * second)
        // One sample of 60 ms: srtt = 7/8·20 + 1/8·60 = 25 ms; rttvar = 3/4·7.5 + 1/4·40 = 15.625 ms.
        let second = net.neighbor(b, at: a)?.links.first
        #expect(second?.rttNanos == 25 * millisecond)
        #expect(second?.rttVarNanos == 15_625_000)
    }
}
