import SkywireCrypto
import SkywireRouting
import SkywireWire
import Testing

@Suite struct ForwardingTests {
    @Test func aNeighbourWithoutTheLabelCannotInject() throws {
        var chain = Chain(hops: 4)
        _ = try chain.setUp(payload: [])
        // Hop 1 accepts forward data from hop 0 under the label hop 0 chose…
        let label = try RouteSetupFrame.decode(chain.setupFrames[1]).forwardLabel
        #expect(chain.hops[1].table.lookup(from: chain.hops[0].publicKey, label: label, now: 0) != nil)
        // …but not from any other neighbour with the same label: not from hop 2, not from a stranger.
        #expect(chain.hops[1].table.lookup(from: chain.hops[2].publicKey, label: label, now: 0) == nil)
        #expect(chain.hops[1].table.lookup(from: PrivateKey.generate().publicKey, label: label, now: 0) == nil)
        // Hop 2 cannot send "forward" into the route either, nor guess the reverse label.
        let reverse = try RouteSetupFrame.decode(chain.setupFrames[2]).reverseLabel
        #expect(chain.hops[1].table.lookup(from: chain.hops[2].publicKey, label: reverse, now: 0) != nil)
        #expect(chain.hops[1].table.lookup(from: chain.hops[0].publicKey, label: reverse, now: 0) == nil)
        // A teardown is subject to the same rule.
        #expect(chain.hops[1].table.teardown(from: chain.hops[3].publicKey, label: label) == nil)
        #expect(chain.hops[1].table.routeCount == 1)
    }

    @Test func rulesExpireWhenIdleAndTrafficKeepsThemAlive() throws {
        var chain = Chain(hops: 3)
        _ = try chain.setUp(payload: [], idle: 10, now: 0)
        // Traffic every 8 s keeps every hop's rule alive past the 10 s timeout.
        for t in stride(from: 8, through: 40, by: 8) {
            #expect(chain.sendForward([UInt8(t)], now: UInt64(t) * second)?.1 == [UInt8(t)])
        }
        #expect(chain.sendReverse([1], now: 45 * second)?.1 == [1])
        // Then silence: 11 s after the last packet every hop has forgotten the route.
        let late = 56 * second + 1
        #expect(chain.sendForward([0], now: late) == nil)
        let expired = chain.hops[2].table.expire(now: late)
        #expect(expired.count == 1 && expired[0].role == .destination)
        for i in chain.hops.indices {
            chain.hops[i].table.expire(now: late)
            #expect(chain.hops[i].table.routeCount == 0)
        }
        chain.origin.table.expire(now: late)
        #expect(chain.origin.table.routeCount == 0)
    }

    @Test func idleTimeoutsAreClampedByEachHop() throws {
        var chain = Chain(hops: 2)
        _ = try chain.setUp(payload: [], idle: 1, now: 0)  // below the 5 s floor
        #expect(chain.sendForward([1], now: 4 * second)?.1 == [1])
        var tooLong = Chain(hops: 2)
        _ = try tooLong.setUp(payload: [], idle: UInt16.max, now: 0)  // above the 600 s cap
        #expect(tooLong.sendForward([1], now: 601 * second) == nil)
    }

    @Test func teardownRunsTheWholeRouteInEitherDirection() throws {
        var chain = Chain(hops: 4)
        _ = try chain.setUp(payload: [])
        // From the origin forwards.
        let removed = chain.origin.table.remove(chain.built!.routeId)!
        #expect(removed.role == .origin && removed.notify.count == 1)
        var at = removed.notify[0]
        var from = chain.origin.publicKey
        var hopsPassed = 0
        while let i = chain.hops.firstIndex(where: { $0.publicKey == at.neighbour }) {
            guard let step = chain.hops[i].table.teardown(from: from, label: at.label) else { Issue.record("lost"); return }
            hopsPassed += 1
            guard let next = step.continueTo else { break }
            from = chain.hops[i].publicKey
            at = next
        }
        #expect(hopsPassed == 4)
        #expect(chain.hops.allSatisfy { $0.table.routeCount == 0 })

        // From the destination backwards.
        var other = Chain(hops: 3)
        _ = try other.setUp(payload: [])
        let fromDestination = other.hops[2].table.remove(other.routeIds[2])!
        #expect(fromDestination.notify.map(\.neighbour) == [other.hops[1].publicKey])
        let s1 = other.hops[1].table.teardown(from: other.hops[2].publicKey, label: fromDestination.notify[0].label)!
        let s0 = other.hops[0].table.teardown(from: other.hops[1].publicKey, label: s1.continueTo!.label)!
        let so = other.origin.table.teardown(from: other.hops[0].publicKey, label: s0.continueTo!.label)!
        #expect(so.routeId == other.built!.routeId && so.continueTo == nil)
    }

    @Test func aLinkGoingDownRemovesItsRoutesAndSaysWhomToTell() throws {
        var chain = Chain(hops: 4)
        _ = try chain.setUp(payload: [])
        let removed = chain.hops[1].table.removeRoutes(via: chain.hops[2].publicKey)
        #expect(removed.count == 1 && removed[0].role == .transit)
        #expect(removed[0].notify.map(\.neighbour) == [chain.hops[0].publicKey])
        #expect(chain.hops[1].table.routeCount == 0)
        // The teardown goes back to the origin on the reverse labels.
        let s0 = chain.hops[0].table.teardown(from: chain.hops[1].publicKey, label: removed[0].notify[0].label)
        #expect(s0?.continueTo?.neighbour == chain.origin.publicKey)
    }

    @Test func theTableIsBounded() throws {
        var table = ForwardingTable(capacity: 2)
        let n = PrivateKey.generate().publicKey
        _ = try table.installOrigin(firstHop: n, idleTimeout: 10 * second, now: 0)
        _ = try table.installOrigin(firstHop: n, idleTimeout: 10 * second, now: 0)
        #expect(throws: ForwardingError.tableFull) { try table.installOrigin(firstHop: n, idleTimeout: 10 * second, now: 1) }
        // Idle routes make room.
        _ = try table.installOrigin(firstHop: n, idleTimeout: 10 * second, now: 11 * second)
        #expect(table.routeCount == 1)
    }

    @Test func labelsAreRandomUniqueAndOfTheRightDirection() throws {
        var table = ForwardingTable()
        let n = PrivateKey.generate().publicKey
        var forward = Set<RouteLabel>(), reverse = Set<RouteLabel>()
        for _ in 0..<2000 {
            let l = try table.installOrigin(firstHop: n, idleTimeout: second, now: 0)
            #expect(!l.forward.isReverse && l.reverse.isReverse && l.forward.isAllocatable && l.reverse.isAllocatable)
            forward.insert(l.forward)
            reverse.insert(l.reverse)
        }
        #expect(forward.count == 2000 && reverse.count == 2000)
    }

    @Test func aReusedUpstreamLabelReplacesTheOldRoute() throws {
        var table = ForwardingTable()
        let p = PrivateKey.generate().publicKey, a = PrivateKey.generate().publicKey, b = PrivateKey.generate().publicKey
        let labels = (forward: RouteLabel(rawValue: 7), reverse: RouteLabel(rawValue: RouteLabel.reverseBit | 7))
        _ = try table.installTransit(previous: p, incoming: labels, next: a, idleTimeout: second, now: 0)
        _ = try table.installTransit(previous: p, incoming: labels, next: b, idleTimeout: second, now: 0)
        #expect(table.routeCount == 1)
        guard case .forward(let to, _)? = table.lookup(from: p, label: labels.forward, now: 0) else {
            Issue.record("no rule"); return
        }
        #expect(to == b)
    }

    @Test func dataAndTeardownCodecs() throws {
        let label = RouteLabel(rawValue: 0x1234_5678)
        var body = RouteDataFrame.encode(label: label, payload: [1, 2, 3])
        let (decoded, payload) = try body.withUnsafeBytes { raw in
            let d = try RouteDataFrame.decode(raw)
            return (d.label, Array(d.payload))
        }
        #expect(decoded == label && payload == [1, 2, 3])
        try body.withUnsafeMutableBytes { try RouteDataFrame.rewriteLabel($0, to: RouteLabel(rawValue: 0x8000_0001)) }
        #expect(Array(body[0..<4]) == [0x80, 0, 0, 1])
        #expect(throws: WireError.self) { try [UInt8]([0, 0, 0, 0, 9]).withUnsafeBytes { try RouteDataFrame.decode($0) } }
        #expect(throws: WireError.self) { try [UInt8]([0, 0, 1]).withUnsafeBytes { try RouteDataFrame.decode($0) } }

        for reason in TeardownReason.allCases {
            let t = RouteTeardownFrame(label: label, reason: reason)
            #expect(try RouteTeardownFrame.decode(t.encode()) == t)
        }
        #expect(throws: WireError.self) { try RouteTeardownFrame.decode([0x12, 0x34, 0x56, 0x78, 99]) }
        #expect(throws: WireError.self) { try RouteTeardownFrame.decode([0x12, 0x34, 0x56, 0x78, 0, 0]) }
        #expect(RouteSetupError.badMAC.teardownReason == .setupRejected)
        #expect(RouteSetupError.forwarding(.tableFull).teardownReason == .tableFull)
        #expect(RouteSetupError.nextHopUnreachable.teardownReason == .unreachable)
        #expect(RoutingFrameType.allCases.allSatisfy { RoutingFrameType.isReserved($0.rawValue) && $0.rawValue < 0x80 })
    }

    @Test func setupFramesBundleInAFrameList() throws {
        var chain = Chain(hops: 2)
        _ = try chain.setUp(payload: Array("hi".utf8))
        let label = chain.built!.labels.forward
        var packet = [UInt8](repeating: 0, count: 1400)
        let used: Int = try packet.withUnsafeMutableBytes { raw in
            var w = FrameWriter(raw)
            try w.append(typeByte: RoutingFrameType.routeSetup.rawValue) { (b) throws(WireError) in try b.bytes(chain.built!.frame) }
            try w.append(typeByte: RoutingFrameType.routeData.rawValue) { (b) throws(WireError) in
                try b.bytes(RouteDataFrame.encode(label: label, payload: [7, 7]))
            }
            return w.count
        }
        #expect(used == 3 + RouteSetupLayout.frameBodySize + 3 + 4 + 2)
    }
}
