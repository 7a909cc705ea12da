import SkywireCrypto
import SkywireLink
import SkywireWire
import Testing

@Suite struct FuzzTests {
    /// 100,000 random and mutated datagrams (mutations of beacons, handshakes and transport
    /// packets captured on the LAN, plus random bytes) fed to a node with live links, from random and
    /// real addresses on the node's interface: nothing traps, every one is dropped and counted, links stay up, no
    /// endpoint moves and no session changes.
    @Test func hundredThousandBadDatagrams() throws {
        let net = FakeNetwork(seed: 61)
        let lan = net.addSegment(delay: millisecond)
        let a = net.addNode("a"), b = net.addNode("b"), c = net.addNode("c")
        for node in [a, b, c] { net.attach(node, to: lan, interface: 1) }
        for node in [a, b, c] { net.nodes[node].capturing = true }
        net.run(for: 2 * second)
        for i in 0..<20 {
            net.sendFrame(UInt64(i), from: b, to: a)
            net.sendFrame(UInt64(i), from: c, to: a)
        }
        net.run(for: 1 * second)
        // Everything any node received (so responses are in, whichever key won the tie-breaks).
        let corpus = [a, b, c].flatMap { net.nodes[$0].captured }
        for type in MessageType.allCases {
            #expect(corpus.contains { $0.bytes.first == type.rawValue }, "captured a \(type)")
        }

        let manager = net.nodes[a].manager
        let pathsBefore = manager.snapshot(now: net.now).map { $0.links.map(\.path) }
        let handshakesBefore = manager.counters.handshakesCompleted
        let dropsBefore = manager.counters.drops.total
        var rng = SplitMix64(seed: 0xF00D)
        var fed = 0
        while fed < 100_000 {
            for _ in 0..<1_000 {
                let datagram = mutant(corpus: corpus, rng: &rng)
                let from = Bool.random(using: &rng) && !corpus.isEmpty
                    ? corpus[Int.random(in: 0..<corpus.count, using: &rng)].from
                    : PathAddress(interface: 1,
                                  endpoint: .ipv4(address: UInt32.random(in: 0...UInt32.max, using: &rng),
                                                  port: UInt16.random(in: 0...UInt16.max, using: &rng)))
                net.inject(datagram, to: a, from: from)
                fed += 1
            }
            net.run(for: 50 * millisecond)  // real traffic keeps flowing between the bursts
        }
        #expect(!net.stalled)
        let after = manager.counters
        #expect(after.drops.total - dropsBefore >= 100_000, "drops \(after.drops)")
        #expect(after.handshakesCompleted == handshakesBefore)
        #expect(manager.snapshot(now: net.now).map { $0.links.map(\.path) } == pathsBefore)
        #expect(manager.snapshot(now: net.now).allSatisfy { $0.isUp && $0.links.allSatisfy { $0.state == .up } })
        #expect(!net.events(at: a).contains { if case .linkDown = $0 { return true } else { return false } })
        for reason in [DropReason.malformed, .badBeacon, .staleBeacon, .replayedInitiation, .handshakeFailed,
                       .unknownIndex, .authenticationFailed, .replayedPacket, .badTransportHeader] {
            #expect(after.drops[reason] > 0, "no \(reason) drops")
        }
    }
}

/// One bad datagram: random bytes, or a captured one flipped, truncated, extended, replayed
/// or with its body replaced.
private func mutant(corpus: [(bytes: [UInt8], from: PathAddress)], rng: inout SplitMix64) -> [UInt8] {
    func randomBytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
    let choice = Int.random(in: 0..<10, using: &rng)
    if choice == 0 || corpus.isEmpty { return randomBytes(Int.random(in: 0...1500, using: &rng)) }
    if choice == 1 {
        return [UInt8.random(in: 1...4, using: &rng)] + randomBytes(Int.random(in: 0...300, using: &rng))
    }
    var bytes = corpus[Int.random(in: 0..<corpus.count, using: &rng)].bytes
    switch choice {
    case 2, 3, 4:  // flip 1–4 bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
        }
    case 5:  // truncate
        bytes.removeLast(Int.random(in: 0...bytes.count, using: &rng))
    case 6:  // extend
        bytes += randomBytes(Int.random(in: 1...64, using: &rng))
    case 7:  // replay as is
        break
    case 8:  // keep the first 16 bytes (type, indices, counter), replace the rest
        let keep = min(16, bytes.count)
        bytes = Array(bytes[0..<keep]) + randomBytes(Int.random(in: 0...200, using: &rng))
    default:  // a fresh counter with the old body (transport), or flipped header bits
        if bytes.first == MessageType.transportData.rawValue && bytes.count >= 16 {
            bytes = withCounter(bytes, plus: UInt64.random(in: 1...100_000, using: &rng))
        } else if bytes.count > 8 {
            bytes[Int.random(in: 1..<8, using: &rng)] ^= 0x80
        }
    }
    return bytes
}
