import SkywireCrypto
import SkywireLink
import Testing

@Suite struct FrameDeliveryTests {
    static func pair() -> (FakeNetwork, Int, Int) {
        let net = FakeNetwork(seed: 71)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        net.attach(a, to: lan, interface: 1)
        net.attach(b, to: lan, interface: 1)
        net.run(for: 2 * second)
        return (net, a, b)
    }

    static func send(_ payload: [UInt8], _ net: FakeNetwork, from: Int, to: Int) -> Bool {
        let ok = payload.withUnsafeBytes { net.nodes[from].manager.send(frames: $0, to: net.nodes[to].publicKey, now: net.now) }
        net.pump(from)
        net.run(for: 10 * millisecond)
        return ok
    }

    /// Unknown optional frames go up one by one, whole (type ‖ length ‖ body), with sender and path.
    @Test func optionalFramesAreDeliveredWhole() throws {
        let (net, a, b) = Self.pair()
        let payload: [UInt8] = [0xA0, 0, 2, 7, 8, 0xB1, 0, 0, 0x01, 0, 0, 0xC2, 0, 1, 9, 0x00, 0, 0]
        #expect(Self.send(payload, net, from: a, to: b))
        let got = net.nodes[b].delivered
        #expect(got.map(\.frame) == [[0xA0, 0, 2, 7, 8], [0xB1, 0, 0], [0xC2, 0, 1, 9]])
        #expect(got.allSatisfy { $0.from == net.nodes[a].publicKey && $0.path.interface == 1 })
        #expect(net.nodes[b].manager.counters.framesDelivered == 3)
    }

    /// An unknown critical frame, an overrun or a keepalive with a body drop the whole packet
    /// (nothing of it is delivered), but it was authentic: the link stays up.
    @Test func invalidFrameListsDropTheWholePacket() throws {
        let (net, a, b) = Self.pair()
        for payload: [UInt8] in [
            [0xA0, 0, 1, 5, 0x7E, 0, 0],  // unknown critical type 0x7E
            [0xA0, 0, 1, 5, 0xA1, 0, 9, 1],  // overrun
            [0xA0, 0, 1, 5, 0x01, 0, 1, 0],  // keepalive with a body
            [0xA0, 0, 1, 5, 0x02, 0, 3, 0, 0, 0],  // probe of the wrong size
        ] {
            #expect(Self.send(payload, net, from: a, to: b))
        }
        #expect(net.nodes[b].delivered.isEmpty)
        #expect(net.nodes[b].manager.counters.drops[.badFrames] == 4)
        #expect(net.neighbor(a, at: b)?.isUp == true)
    }
}
