import SkywireCrypto
import SkywireRouting
import SkywireWire
import Testing

@Suite struct OnionSetupTests {
    @Test(arguments: 1...8)
    func setupReachesTheDestinationThroughRealProcessors(hops: Int) throws {
        var chain = Chain(hops: hops)
        let payload = Array("0-RTT hello over \(hops) hops".utf8)
        let outcomes = try chain.setUp(payload: payload)
        #expect(outcomes.count == hops)
        for (i, outcome) in outcomes.enumerated() {
            switch outcome {
            case .forward(let to, let frame, _):
                #expect(i < hops - 1)
                #expect(to == chain.hops[i + 1].publicKey)
                #expect(frame.count == RouteSetupLayout.frameBodySize)
            case .deliverLocally(let d):
                #expect(i == hops - 1)
                #expect(d.payload == payload)
                #expect(d.reverse.neighbour == chain.previous(of: i))
                #expect(d.routeSecret.secret.constantTimeEquals(chain.built!.routeSecret.secret))
            case .reject(let e, _):
                Issue.record("hop \(i) rejected: \(e)")
            }
        }
        // The same size at every hop.
        #expect(chain.setupFrames.allSatisfy { $0.count == RouteSetupLayout.frameBodySize })
        #expect(chain.built!.frame.count == RouteSetupLayout.frameBodySize)
        // Data follows the labels both ways.
        let forward = chain.sendForward([1, 2, 3], now: 1)
        #expect(forward?.0 == chain.routeIds.last && forward?.1 == [1, 2, 3])
        let back = chain.sendReverse([9, 8], now: 2)
        #expect(back?.0 == chain.built!.routeId && back?.1 == [9, 8])
    }

    @Test func sixteenHopsWithTheLargestPayloadFit() throws {
        var chain = Chain(hops: 16)
        let payload = [UInt8](repeating: 0xAB, count: RouteSetupLayout.maxPayloadSize(hops: 16))
        guard case .deliverLocally(let d) = try chain.setUp(payload: payload).last else {
            Issue.record("16-hop setup failed"); return
        }
        #expect(d.payload == payload)
        var tooLong = Chain(hops: 17)
        #expect(throws: RouteSetupError.tooManyHops(17)) { try tooLong.setUp(payload: []) }
        var tooBig = Chain(hops: 3)
        #expect(throws: RouteSetupError.payloadTooLarge(maxPayload: RouteSetupLayout.maxPayloadSize(hops: 3))) {
            try tooBig.setUp(payload: [UInt8](repeating: 0, count: RouteSetupLayout.maxPayloadSize(hops: 3) + 1))
        }
        #expect(RouteSetupLayout.maxPayloadSize(hops: 1) == 1066)
        #expect(RouteSetupLayout.maxPayloadSize(hops: 5) == 846)
    }

    @Test func aFlippedBitAnywhereInTheOnionIsRejectedByTheNextHop() throws {
        var chain = Chain(hops: 3)
        _ = try chain.setUp(payload: Array("secret".utf8))
        // The frames hop 0 and hop 1 received (before their processors ran on them).
        for hop in [0, 1] {
            let frame = chain.setupFrames[hop]
            var node = TestNode(chain.hops[hop].key)
            for i in RouteSetupLayout.labelsSize..<frame.count {
                var bad = frame
                bad[i] ^= UInt8(1 << (i % 8))
                var table = ForwardingTable()
                guard case .reject(let error, _) = node.processor.process(frame: bad, from: chain.previous(of: hop), now: 0, table: &table) else {
                    Issue.record("hop \(hop) accepted a flip at byte \(i)"); return
                }
                #expect(isIntegrityFailure(error), "unexpected \(error) at byte \(i)")
                #expect(table.routeCount == 0)
            }
            #expect(node.processor.replaySet.count == 0)
        }
    }

    @Test func headerLabelsMustHaveTheirDirectionBits() throws {
        var chain = Chain(hops: 2)
        _ = try chain.setUp(payload: [])
        var node = TestNode(chain.hops[0].key)
        var table = ForwardingTable()
        for (offset, mask) in [(0, UInt8(0x80)), (4, UInt8(0x80))] {
            var bad = chain.setupFrames[0]
            bad[offset] ^= mask
            guard case .reject(.invalidLabel, nil) = node.processor.process(frame: bad, from: chain.origin.publicKey, now: 0, table: &table) else {
                Issue.record("label direction not checked"); return
            }
        }
    }

    @Test func aReplayedSetupIsRejected() throws {
        var chain = Chain(hops: 3)
        _ = try chain.setUp(payload: [1])
        for hop in 0..<3 {
            var table = chain.hops[hop].table
            guard case .reject(.replayed, let answer) = chain.hops[hop].processor.process(
                frame: chain.setupFrames[hop], from: chain.previous(of: hop), now: 5 * second, table: &table)
            else { Issue.record("hop \(hop) accepted a replay"); return }
            #expect(answer?.neighbour == chain.previous(of: hop))
            #expect(table.routeCount == chain.hops[hop].table.routeCount)
        }
        // Fresh labels in the clear header do not make it new.
        var relabelled = chain.setupFrames[1]
        relabelled[3] ^= 0x01
        var table = ForwardingTable()
        guard case .reject(.replayed, _) = chain.hops[1].processor.process(frame: relabelled, from: chain.previous(of: 1), now: 6 * second, table: &table) else {
            Issue.record("relabelled replay accepted"); return
        }
        // After the retention the tag is gone (then only the link's own replay protection remains).
        var late = ForwardingTable()
        let retention = chain.hops[1].processor.configuration.replayRetention
        guard case .forward = chain.hops[1].processor.process(frame: relabelled, from: chain.previous(of: 1), now: retention + 1, table: &late) else {
            Issue.record("tag not expired"); return
        }
    }

    @Test func aSetupForSomeoneElseIsRejected() throws {
        var chain = Chain(hops: 2)
        _ = try chain.setUp(payload: [])
        var stranger = TestNode(PrivateKey.generate())
        var table = ForwardingTable()
        guard case .reject(.badMAC, _) = stranger.processor.process(frame: chain.setupFrames[0], from: chain.origin.publicKey, now: 0, table: &table) else {
            Issue.record("stranger accepted"); return
        }
    }

    @Test func theNextHopMustBeANeighbour() throws {
        var chain = Chain(hops: 3)
        _ = try chain.setUp(payload: [])
        var node = TestNode(chain.hops[0].key)
        var table = ForwardingTable()
        guard case .reject(.nextHopUnreachable, _) = node.processor.process(
            frame: chain.setupFrames[0], from: chain.origin.publicKey, now: 0, table: &table, isNeighbour: { _ in false })
        else { Issue.record("unreachable next hop accepted"); return }
        #expect(table.routeCount == 0)
    }

    @Test func aRejectionTravelsBackToTheOrigin() throws {
        var chain = Chain(hops: 3)
        _ = try chain.setUp(payload: [])
        // Hop 1 refuses a damaged copy and answers on the reverse label hop 0 chose.
        var damaged = chain.setupFrames[1]
        damaged[100] ^= 1
        var node = TestNode(chain.hops[1].key)
        var scratch = ForwardingTable()
        guard case .reject(.badMAC, let answer?) = node.processor.process(frame: damaged, from: chain.hops[0].publicKey, now: 0, table: &scratch) else {
            Issue.record("no answer label"); return
        }
        #expect(answer.neighbour == chain.hops[0].publicKey)
        let teardown = RouteTeardownFrame(label: answer.label, reason: .setupRejected)
        let decoded = try RouteTeardownFrame.decode(teardown.encode())
        guard let atHop0 = chain.hops[0].table.teardown(from: chain.hops[1].publicKey, label: decoded.label),
              let back = atHop0.continueTo else { Issue.record("hop 0 did not map the answer"); return }
        #expect(back.neighbour == chain.origin.publicKey)
        guard let atOrigin = chain.origin.table.teardown(from: chain.hops[0].publicKey, label: back.label) else {
            Issue.record("origin did not map the answer"); return
        }
        #expect(atOrigin.routeId == chain.built!.routeId && atOrigin.continueTo == nil)
        #expect(chain.origin.table.routeCount == 0 && chain.hops[0].table.routeCount == 0)
    }

    @Test func randomFramesNeverTrap() {
        var node = TestNode(PrivateKey.generate())
        var table = ForwardingTable()
        let from = PrivateKey.generate().publicKey
        for i in 0..<300 {
            let n = i % 3 == 0 ? RouteSetupLayout.frameBodySize : Int.random(in: 0..<1300)
            var bytes = SecureRandom.bytes(n)
            if n > 9 { bytes[0] &= 0x7f; bytes[4] |= 0x80; bytes[8] = 0 }
            if n > 42 { bytes.replaceSubrange(9..<42, with: PrivateKey.generate().publicKey.compressed) }
            guard case .reject = node.processor.process(frame: bytes, from: from, now: 0, table: &table) else {
                Issue.record("random frame accepted"); return
            }
        }
        #expect(table.routeCount == 0)
    }

    @Test func perHopProcessingCost() throws {
        let rounds = 100
        var chain = Chain(hops: 2)
        var frames: [[UInt8]] = []
        for _ in 0..<rounds {
            frames.append(try RouteSetupBuilder.build(path: chain.path, payload: [], idleTimeoutSeconds: 60, table: &chain.origin.table, now: 0).frame)
        }
        var node = TestNode(chain.hops[0].key)
        let clock = ContinuousClock()
        let start = clock.now
        for f in frames {
            guard case .forward = node.processor.process(frame: f, from: chain.origin.publicKey, now: 0, table: &node.table) else {
                Issue.record("setup refused"); return
            }
        }
        let elapsed = clock.now - start
        let micros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
        let buildStart = clock.now
        for _ in 0..<20 {
            _ = try RouteSetupBuilder.build(path: Chain(hops: 5).path, payload: [], idleTimeoutSeconds: 60, table: &chain.origin.table, now: 0)
        }
        let build = clock.now - buildStart
        let buildMicros = Double(build.components.seconds) * 1e6 + Double(build.components.attoseconds) / 1e12
        print("route setup: \(Int(micros / Double(rounds))) µs per relay hop (process + install + re-encode); \(Int(buildMicros / 20)) µs to build a 5-hop setup at the origin")
    }
}

/// The errors a damaged onion may produce: the MAC, or a damaged key / version caught first.
func isIntegrityFailure(_ error: RouteSetupError) -> Bool {
    if case .unsupportedVersion = error { return true }
    return error == .badMAC || error == .invalidEphemeralKey
}
