import SkywireCrypto
import SkywireRouting
import Testing

/// What a relay of a 5-hop route can see: every byte it received (the setup frame and data in
/// both directions) and everything it stored (forwarding table, replay set, the processor itself,
/// found by reflection, private fields included).
@Suite struct HopPrivacyTests {
    @Test func relaysNeverSeeTheEndpointsKeys() throws {
        var chain = Chain(hops: 5)
        _ = try chain.setUp(payload: Array("first message".utf8))
        #expect(chain.sendForward(Array("data".utf8), now: 1)?.1 == Array("data".utf8))
        #expect(chain.sendReverse(Array("answer".utf8), now: 2)?.1 == Array("answer".utf8))

        let originKey = chain.origin.publicKey
        let destinationKey = chain.destination.publicKey
        let needles: [(String, [UInt8])] = [
            ("origin key", originKey.compressed), ("origin x", originKey.xOnly),
            ("destination key", destinationKey.compressed), ("destination x", destinationKey.xOnly),
        ]

        // Bytes received: no relay (nor the destination) ever gets either key in a packet.
        for (i, hop) in chain.hops.enumerated() {
            #expect(hop.received.count == 3 || i == 4)
            for frame in hop.received {
                for (name, needle) in needles {
                    #expect(!contains(frame, needle), "hop \(i) received the \(name)")
                }
            }
        }

        // Stored state of the relays (hops 0…3; hop 4 is the destination). A relay necessarily
        // stores its two neighbours: hop 0 has the origin as previous hop, hop 3 the destination
        // as next hop. Everyone else must hold neither key in any form.
        for i in 0..<4 {
            let stored = reflectedBytes(chain.hops[i].processor) + reflectedBytes(chain.hops[i].table)
            #expect(!stored.isEmpty)
            let blob = stored.flatMap { $0 }
            for (name, needle) in needles {
                let isNeighbour = (name.hasPrefix("origin") && i == 0) || (name.hasPrefix("destination") && i == 3)
                let found = stored.contains { contains($0, needle) } || contains(blob, needle)
                #expect(found == isNeighbour, "relay \(i) stores the \(name): \(found)")
            }
        }
        // The destination stores its previous hop only; the origin's key appears nowhere there.
        let atDestination = reflectedBytes(chain.destination.processor) + reflectedBytes(chain.destination.table)
        #expect(!atDestination.contains { contains($0, originKey.compressed) || contains($0, originKey.xOnly) })
    }

    @Test func ephemeralKeysDifferAtEveryHop() throws {
        var chain = Chain(hops: 5)
        _ = try chain.setUp(payload: [])
        let ephemerals = chain.setupFrames.map { Array($0[9..<42]) }
        #expect(Set(ephemerals).count == 5)
        // No 8-byte window of one hop's onion reappears at another hop (nothing to correlate on
        // except timing).
        for a in 0..<5 {
            for b in (a + 1)..<5 {
                let x = Array(chain.setupFrames[a][8...]), y = Array(chain.setupFrames[b][8...])
                var windows = Set<[UInt8]>()
                for i in stride(from: 1, to: x.count - 8, by: 1) { windows.insert(Array(x[i..<(i + 8)])) }
                let shared = (1..<(y.count - 8)).filter { windows.contains(Array(y[$0..<($0 + 8)])) }
                #expect(shared.isEmpty, "hops \(a) and \(b) share bytes at \(shared.prefix(3))")
            }
        }
    }
}
