// The link layer (LinkManager.receive takes any datagram), two ways (first input byte, low bit):
//
// 0  Raw: node B receives the rest as records `length (2) ‖ source (1) ‖ datagram` from one of a
//    few paths, with a tick after each. Seeds are A's beacon and initiation to B.
// 1  Two nodes: A (static peer of B) and B handshake over a clean network, then a script of
//    operations runs: flush A→B or B→A with each datagram delivered, dropped, duplicated, cut
//    short or with a bit flipped; A or B sends application frames; time passes; a raw datagram
//    from the input reaches B.
// Properties: no trap; `datagramsIn` counts every datagram; after a clean handshake both links
// are up and a frame sent by A reaches B intact; everything B delivers upward comes from A and is
// one well-formed frame (`type ‖ length ‖ body`) of a type the link layer does not handle itself.
import FuzzSupport
import SkywireCrypto
import SkywireLink
import SkywireWire

let wallClock: UInt64 = 1_700_000_000_000_000_000
let second: UInt64 = 1_000_000_000
/// Where A and B are, as seen by the other.
let pathOfA = PathAddress(interface: 1, endpoint: .ipv4(address: 0x0a00_0001, port: 7946))
let pathOfB = PathAddress(interface: 1, endpoint: .ipv4(address: 0x0a00_0002, port: 7946))
let otherPaths = [
    PathAddress(interface: 2, endpoint: .ipv6(high: 0xfe80_0000_0000_0000, low: 1, port: 7946)),
    PathAddress(interface: 1, endpoint: .ipv4(address: 0x0a00_0001, port: 40000)),  // A after a NAT rebinding
]
let config = LinkConfig(maxQueuedDatagrams: 64, maxNeighbors: 4)

private final class Network {
    let a = LinkManager(identity: TestKeys.initiator, config: config, now: 0, wallClockAtNow: wallClock)
    let b = LinkManager(identity: TestKeys.responder, config: config, now: 0, wallClockAtNow: wallClock)
    var now: UInt64 = 0

    /// Hands `datagram` to `node` and checks the inbound count.
    func deliver(_ datagram: [UInt8], to node: LinkManager, from path: PathAddress) {
        var bytes = datagram
        let before = node.counters.datagramsIn
        bytes.withUnsafeMutableBytes { node.receive($0, from: path, now: now) }
        require(node.counters.datagramsIn == before &+ 1, "datagramsIn did not count a datagram")
    }

    /// What `node` wants to send to `peer`'s address, in order.
    func outgoing(of node: LinkManager, to peer: PathAddress) -> [[UInt8]] {
        var out: [[UInt8]] = []
        node.drainOutgoing { bytes, path in
            require(bytes.count <= config.maxDatagramSize, "a \(bytes.count)-byte datagram")
            if path.endpoint == peer.endpoint { out.append(Array(bytes)) }
        }
        return out
    }

    /// The frames B delivered upward, checked.
    func deliveredToB() -> [[UInt8]] {
        var frames: [[UInt8]] = []
        b.drainDelivered { key, _, frame in
            require(key == TestKeys.initiator.publicKey, "B delivered a frame from \(key)")
            require(frame.count >= 3, "delivered frame of \(frame.count) bytes")
            require(Int(frame[1]) << 8 | Int(frame[2]) == frame.count - 3, "delivered frame length field")
            require(frame[0] > FrameType.receiveReport.rawValue, "delivered a link-layer frame type \(frame[0])")
            frames.append(Array(frame))
        }
        a.drainDelivered { _, _, _ in }
        a.drainEvents { _ in }
        b.drainEvents { _ in }
        return frames
    }

    func tick() {
        a.tick(now: now)
        b.tick(now: now)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let net = Network()
    if input.byte() & 1 == 0 { raw(&input, net) } else { twoNodes(&input, net) }
    return 0
}

private func raw(_ input: inout FuzzInput, _ net: Network) {
    while !input.isAtEnd {
        let length = Int(input.u16())
        let source = input.byte()
        let datagram = input.take(length)
        let path = source & 3 == 0 ? pathOfA : otherPaths[Int(source & 1)]
        net.deliver(datagram, to: net.b, from: path)
        net.now += UInt64(source >> 2) * second / 8
        net.b.tick(now: net.now)
        _ = net.deliveredToB()
        _ = net.outgoing(of: net.b, to: pathOfA)
    }
}

/// A frame list of application frames (types 0x80…0xff) made from `bytes`.
private func applicationFrames(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var rest = bytes[...]
    while let first = rest.first {
        let body = rest.dropFirst().prefix(Int(first & 0x3f))
        out += [0x80 | first, 0, UInt8(body.count)] + body
        rest = rest.dropFirst(1 + body.count)
    }
    return out
}

private func twoNodes(_ input: inout FuzzInput, _ net: Network) {
    net.b.addStaticPeer(TestKeys.initiator.publicKey, at: pathOfA, now: 0)
    net.a.addStaticPeer(TestKeys.responder.publicKey, at: pathOfB, now: 0)
    // A clean exchange first: both sides' initiations and responses, in order.
    for _ in 0..<3 {
        for d in net.outgoing(of: net.a, to: pathOfB) { net.deliver(d, to: net.b, from: pathOfA) }
        for d in net.outgoing(of: net.b, to: pathOfA) { net.deliver(d, to: net.a, from: pathOfB) }
    }
    let hello = applicationFrames([0x05, 1, 2, 3, 4, 5])
    let sent = hello.withUnsafeBytes { net.a.send(frames: $0, to: TestKeys.responder.publicKey, now: net.now) }
    require(sent, "A cannot send after a clean handshake (\(net.a.snapshot(now: net.now)))")
    for d in net.outgoing(of: net.a, to: pathOfB) { net.deliver(d, to: net.b, from: pathOfA) }
    require(net.deliveredToB() == [hello], "B did not deliver A's first frame intact")

    for _ in 0..<64 where !input.isAtEnd {
        let op = input.byte()
        switch op % 6 {
        case 0, 1:
            let fromA = op % 6 == 0
            let (sender, receiver) = fromA ? (net.a, net.b) : (net.b, net.a)
            let datagrams = net.outgoing(of: sender, to: fromA ? pathOfB : pathOfA)
            for d in datagrams {
                var d = d
                let fate = input.byte()
                let source = fate & 0x80 != 0 ? otherPaths[1] : (fromA ? pathOfA : pathOfB)
                switch fate & 7 {
                case 0: continue  // lost
                case 1: net.deliver(d, to: receiver, from: source); net.deliver(d, to: receiver, from: source)
                case 2: d = Array(d.prefix(Int(input.u16()) % (d.count + 1))); net.deliver(d, to: receiver, from: source)
                case 3 where !d.isEmpty:
                    let bit = Int(input.u16()) % (d.count * 8)
                    d[bit / 8] ^= 1 << UInt8(bit % 8)
                    net.deliver(d, to: receiver, from: source)
                default: net.deliver(d, to: receiver, from: source)
                }
            }
        case 2, 3:
            let frames = applicationFrames(input.take(Int(input.byte())))
            let (node, peer) = op % 6 == 2 ? (net.a, TestKeys.responder.publicKey) : (net.b, TestKeys.initiator.publicKey)
            _ = frames.withUnsafeBytes { node.send(frames: $0, to: peer, now: net.now) }
        case 4:
            net.now += UInt64(input.byte()) * second / 4
            net.tick()
            if op & 0x80 != 0, let next = net.b.nextDeadline, next > net.now, next - net.now < 1000 * second {
                net.now = next
                net.tick()
            }
        default:
            let datagram = input.take(Int(input.u16() % 2048))
            net.deliver(datagram, to: net.b, from: op & 0x80 != 0 ? otherPaths[0] : pathOfA)
        }
        _ = net.deliveredToB()
    }
}

// MARK: Seeds

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(seeds)
        runLibFuzzer(fuzz)
    }
}

private func seeds() -> [[UInt8]] {
    let net = Network()
    func record(_ d: [UInt8], source: UInt8) -> [UInt8] { [UInt8(d.count >> 8), UInt8(d.count & 0xff), source] + d }
    let beacon = net.a.makeBeacon(linkPort: 7946, endpoints: [pathOfA.endpoint], capabilities: [.relay])
    net.a.addStaticPeer(TestKeys.responder.publicKey, at: pathOfB, now: 0)
    let initiations = net.outgoing(of: net.a, to: pathOfB)
    let initiationRecords = initiations.flatMap { record($0, source: 4) }
    // Separately too: B answers a beacon with its own initiation, which may win the tie-break.
    let raws = [[0] + initiationRecords, [0] + record(beacon, source: 0), [0] + record(beacon, source: 0) + initiationRecords]
    // Two nodes: the clean handshake, then A sends, flush A→B, time passes, B sends, flush B→A.
    let script: [UInt8] = [1, 2, 4, 0x81, 0x41, 0x42, 0x43, 0x44, 0, 4, 3, 2, 0x90, 0x01, 1, 4, 4, 8, 0, 4, 4]
    return raws + [script]
}
