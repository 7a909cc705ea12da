@testable import SkywireNode
import SkywireCrypto
import SkywireRouting
import SkywireSim
import Testing

/// Whether `needle` occurs anywhere in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
        if Array(haystack[i..<(i + needle.count)]) == needle { return true }
    }
    return false
}

/// Every byte string reachable from `value` by reflection (private stored properties
/// included): keys as their compressed bytes, byte arrays, integers big-endian, secrets exported.
func reflectedBytes(_ value: Any) -> [[UInt8]] {
    var out: [[UInt8]] = []
    func walk(_ v: Any, depth: Int) {
        guard depth < 64 else { return }
        if let k = v as? PublicKey { out.append(k.compressed); return }
        if let b = v as? [UInt8] { out.append(b); return }
        if let x = v as? UInt64 { out.append(withUnsafeBytes(of: x.bigEndian) { Array($0) }); return }
        if let x = v as? UInt32 { out.append(withUnsafeBytes(of: x.bigEndian) { Array($0) }); return }
        if let s = v as? SecretBytes { out.append(s.exportedBytes()); return }
        for child in Mirror(reflecting: v).children { walk(child.value, depth: depth + 1) }
    }
    walk(value, depth: 0)
    return out
}

@Suite struct NodeHopPrivacyTests {
    /// A route over five relays (origin – r1 … r5 – destination): datagrams both ways, a ping,
    /// a session with a stream, and a teardown. The middle relays r2, r3, r4 are link neighbours
    /// of neither end. For each of them, every datagram it received (the raw bytes), every
    /// routing frame it received (setup, data, teardown; decrypted) and all the routing state it
    /// keeps (forwarding table, setup processor with its replay set, route, ping and session
    /// bookkeeping, the bundler) hold neither the origin's nor the destination's key, in
    /// compressed or x-only form. r1 and r5 necessarily know one end each as their link
    /// peer. Link-state records are left out on purpose: the topology is public (every node's
    /// record names its neighbours); what must not leak is which two nodes a route joins.
    @Test func middleRelaysNeverSeeTheEndpoints() throws {
        let sim = Simulator.network(seed: 21, nodes: 7, edges: Topology.chain(7)) { _, _ in .ms(2) }
        try #require(sim.runUntilConverged() != nil)
        for m in sim.members { m.node.capturesFrames = true }
        sim.capturing = Set(0..<7)
        let origin = sim.members[0], destination = sim.members[6]
        destination.node.addService(destination.key)
        let route = try origin.node.openRoute(to: destination.publicKey, datagram: Array("hello".utf8), now: sim.now)
        origin.node.sendDatagram(Array("right behind".utf8), on: route, now: sim.now)
        sim.pump(0)
        sim.run(for: 100 * ms)
        let incoming = try #require(sim.firstEvent(of: 6) { e -> RouteId? in
            if case .routeArrived(let id) = e { return id }
            return nil
        }).value
        destination.node.sendDatagram(Array("answer".utf8), on: incoming, now: sim.now)
        sim.pump(6)
        _ = try origin.node.ping(destination.publicKey, now: sim.now)
        sim.pump(0)
        sim.run(for: 100 * ms)
        #expect(sim.firstEvent(of: 0) { e -> Bool? in if case .pingReply = e { return true }; return nil } != nil)
        let session = try origin.node.connect(
            to: destination.publicKey, service: destination.publicKey, port: 9, firstMessage: Array("0-RTT".utf8), now: sim.now)
        _ = try origin.node.write(Array(repeating: 7, count: 5_000), to: session, now: sim.now)
        sim.pump(0)
        sim.run(for: 500 * ms)
        let accepted = try #require(sim.acceptedSession(at: 6))
        #expect(accepted.first == Array("0-RTT".utf8))
        #expect(destination.node.read(accepted.handle, now: sim.now).count == 5_000)
        origin.node.closeRoute(route, now: sim.now)
        sim.pump(0)
        sim.run(for: 100 * ms)

        let needles: [(String, [UInt8])] = [
            ("origin key", origin.publicKey.compressed), ("origin x", origin.publicKey.xOnly),
            ("destination key", destination.publicKey.compressed), ("destination x", destination.publicKey.xOnly),
        ]
        for relay in 2...4 {
            let node = sim.members[relay].node
            let routeFrames = node.receivedFrames.filter { $0.frame[0] != RoutingFrameType.linkState.rawValue }
            #expect(routeFrames.contains { $0.frame[0] == RoutingFrameType.routeSetup.rawValue })
            #expect(routeFrames.contains { $0.frame[0] == RoutingFrameType.routeData.rawValue })
            #expect(routeFrames.contains { $0.frame[0] == RoutingFrameType.routeTeardown.rawValue })
            let state: [Any] = [node.table, node.processor, node.originRoutes, node.endRoutes, node.pings, node.sessions, node.bundler]
            let stored = state.flatMap(reflectedBytes)
            #expect(!stored.isEmpty)
            let datagrams = sim.captured[relay] ?? []
            #expect(datagrams.count > 10)
            for (name, needle) in needles {
                for d in datagrams { #expect(!contains(d, needle), "relay r\(relay) received the \(name) on the wire") }
                for f in routeFrames { #expect(!contains(f.frame, needle), "relay r\(relay) received the \(name)") }
                #expect(!stored.contains { contains($0, needle) }, "relay r\(relay) stores the \(name)")
                #expect(!contains(stored.flatMap { $0 }, needle), "relay r\(relay) stores the \(name) (across fields)")
            }
            // It did relay: routes passed through it, none started or ended there.
            #expect(node.counters.setupsForwarded >= 1)
            #expect(node.originRoutes.isEmpty && node.endRoutes.isEmpty)
        }
        // The first and last relays do know one end each: as their link peer.
        #expect(sim.members[1].node.receivedFrames.contains { $0.from == origin.publicKey })
        #expect(sim.members[5].node.receivedFrames.contains { $0.from == destination.publicKey })
    }
}
