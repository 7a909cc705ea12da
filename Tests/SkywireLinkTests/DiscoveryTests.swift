import SkywireCrypto
import SkywireLink
import Testing

@Suite struct DiscoveryTests {
    /// Three nodes on one LAN, beacons only: all neighbours within 2 s, RTT measured.
    @Test func threeNodesOnALANBecomeNeighbours() {
        let net = FakeNetwork(seed: 11)
        let lan = net.addSegment(delay: 2 * millisecond)
        for i in 0..<3 {
            net.addNode("n\(i)")
            net.attach(i, to: lan, interface: 1)
        }
        net.run(for: 2 * second)
        #expect(!net.stalled)
        for i in 0..<3 {
            let snapshot = net.nodes[i].manager.snapshot(now: net.now)
            #expect(snapshot.count == 2, "node \(i) sees \(snapshot.count) neighbours")
            for neighbor in snapshot {
                #expect(neighbor.isUp)
                #expect(neighbor.links.count == 1)
                let link = neighbor.links[0]
                #expect(link.state == .up)
                #expect(link.handshakes == 1, "one session per pair, not two")
                let rtt = link.rttNanos ?? 0
                #expect(rtt >= 4 * millisecond && rtt < 5 * millisecond, "rtt \(rtt)")
            }
            let ups = net.events(at: i).filter { if case .neighborUp = $0 { return true } else { return false } }
            #expect(ups.count == 2)
        }
        // Every node beaconed at the same instant, so every pair initiated at once: the tie-break ran.
        let tieBreaks = net.nodes.reduce(UInt64(0)) { $0 + $1.manager.counters.drops[.simultaneousInitiation] }
        #expect(tieBreaks >= 1)
    }

    /// A node dies: the others mark it down within 3 keepalive intervals (+ slack) with events;
    /// a restarted process with the same key (fresh state) gets its links back.
    @Test func deadNodeGoesDownAndComesBackAfterRestart() {
        let net = FakeNetwork(seed: 12)
        let lan = net.addSegment(delay: millisecond)
        for i in 0..<3 {
            net.addNode("n\(i)")
            net.attach(i, to: lan, interface: 1)
        }
        net.run(for: 3 * second)
        #expect(net.neighbor(2, at: 0)?.isUp == true)

        let killedAt = net.now
        net.kill(2)
        net.run(for: 4 * second)
        for survivor in 0..<2 {
            let downs = net.nodes[survivor].events.filter { entry in
                if case .neighborDown(let key) = entry.event { return key == net.nodes[2].publicKey }
                return false
            }
            #expect(downs.count == 1)
            if let at = downs.first?.time {
                #expect(at - killedAt <= 3 * second + 100 * millisecond, "down after \(at - killedAt) ns")
                #expect(at - killedAt >= 2 * second)
            }
            #expect(net.events(at: survivor).contains(.linkDown(net.nodes[2].publicKey, net.neighbor(2, at: survivor)!.links[0].path)))
            #expect(net.neighbor(2, at: survivor)?.isUp == false)
            #expect(net.neighbor(1 - survivor, at: survivor)?.isUp == true, "the other neighbour stays up")
        }

        net.revive(2)
        net.run(for: 3 * second)
        for survivor in 0..<2 {
            #expect(net.neighbor(2, at: survivor)?.isUp == true)
            #expect(net.nodes[survivor].manager.counters.drops[.replayedInitiation] == 0)
            #expect(net.neighbor(survivor, at: 2)?.isUp == true)
        }
        #expect(!net.stalled)
    }

    /// Two paths between the same two nodes (two interfaces): two links, both up and measured;
    /// one path dies, the neighbour stays up on the other.
    @Test func twoPathsAreTwoLinks() {
        let net = FakeNetwork(seed: 13)
        let eth0 = net.addSegment(delay: millisecond)
        let eth1 = net.addSegment(delay: 5 * millisecond)
        let a = net.addNode("a"), b = net.addNode("b")
        for node in [a, b] {
            net.attach(node, to: eth0, interface: 1)
            net.attach(node, to: eth1, interface: 2)
        }
        net.run(for: 3 * second)
        let links = net.neighbor(b, at: a)?.links ?? []
        #expect(links.count == 2)
        #expect(links.allSatisfy { $0.state == .up && $0.rttNanos != nil })
        #expect(links.map(\.path.interface) == [1, 2])
        #expect((links.first?.rttNanos ?? 0) < (links.last?.rttNanos ?? 0))

        // Traffic takes the faster path.
        for i in 0..<10 { net.sendFrame(UInt64(i), from: a, to: b) }
        net.run(for: 100 * millisecond)
        #expect(net.receivedSequences(at: b, from: a) == Array(0..<10))
        #expect(net.nodes[b].delivered.allSatisfy { $0.path.interface == 1 })

        net.segments[eth0].up = false
        net.run(for: 4 * second)
        let after = net.neighbor(b, at: a)
        #expect(after?.isUp == true)
        #expect(after?.links.first { $0.path.interface == 1 }?.state != .up)
        #expect(after?.links.first { $0.path.interface == 2 }?.state == .up)
        #expect(!net.events(at: a).contains(.neighborDown(net.nodes[b].publicKey)))
        #expect(net.events(at: a).contains { if case .linkDown(_, let p) = $0 { return p.interface == 1 } else { return false } })

        // Traffic moves to the surviving path.
        for i in 10..<20 { net.sendFrame(UInt64(i), from: a, to: b) }
        net.run(for: 100 * millisecond)
        #expect(net.receivedSequences(at: b, from: a) == Array(0..<20))

        // The path comes back: the beacons bring the link back.
        net.segments[eth0].up = true
        net.run(for: 3 * second)
        #expect(net.neighbor(b, at: a)?.links.allSatisfy { $0.state == .up } == true)
        #expect(!net.stalled)
    }
}
