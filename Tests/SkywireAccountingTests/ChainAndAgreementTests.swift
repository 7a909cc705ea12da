import Testing
import SkywireCrypto
@testable import SkywireAccounting

@Suite struct ChainTests {
    @Test func issuerBuildsAChain() throws {
        var chain = ChainMaker()
        var previous: Receipt?
        for index in 1...20 {
            let receipt = try chain.next(bytes: UInt64(index * 100), packets: UInt64(index))
            #expect(receipt.claim.sequence == UInt64(index))
            #expect(ReceiptChain.check(receipt, after: previous) == (index == 1 ? .first : .extends))
            previous = receipt
        }
        #expect(previous?.claim.totalBytes == (1...20).reduce(0) { $0 + UInt64($1 * 100) })
    }

    @Test func breaksAreDetected() throws {
        var chain = ChainMaker()
        let first = try chain.next()
        let second = try chain.next()
        let third = try chain.next()
        // A deleted receipt: the third after the first.
        #expect(ReceiptChain.check(third, after: first) == .gap(expected: 2, got: 3))
        #expect(ReceiptChain.check(second, after: second) == .duplicate)
        #expect(ReceiptChain.check(first, after: third) == .duplicate)
        #expect(ReceiptChain.check(third, after: nil) == .unanchored)
        // A fork: the receiver signs a different second receipt (wrong previous hash).
        var forked = second.claim
        forked.previousHash = [UInt8](repeating: 7, count: 32)
        let fork = try Receipt(signing: forked, with: chain.receiverKey)
        #expect(ReceiptChain.check(fork, after: first) == .broken)
        // Totals that do not add up.
        var padded = second.claim
        padded.totalBytes += 1
        #expect(ReceiptChain.check(try Receipt(signing: padded, with: chain.receiverKey), after: first) == .broken)
        // Another pair's receipt does not continue this chain.
        var other = ChainMaker()
        #expect(ReceiptChain.check(try other.next(), after: first) == .broken)
    }

    @Test func issuerSurvivesALedgerReset() throws {
        var chain = ChainMaker()
        let first = try chain.next(bytes: 1000, packets: 2)
        // The agent restarts: the ledger is back at zero, the chain continues from the store.
        var resumed = ReceiptIssuer(continuing: first, now: chain.now + 5)
        let second = try resumed.issue(now: chain.now + 65, ledgerBytes: 300, ledgerPackets: 1, key: chain.receiverKey)
        #expect(ReceiptChain.check(second, after: first) == .extends)
        #expect(second.claim.bytes == 300 && second.claim.totalBytes == 1300)
    }
}

@Suite struct AgreementTests {
    @Test func toleranceIsOnePercent() {
        #expect(ByteCountAgreement.compare(sent: 100_000, received: 99_000) == .agrees)
        #expect(ByteCountAgreement.compare(sent: 100_000, received: 98_999) == .receiverCountedLess(shortfall: 1_001))
        #expect(ByteCountAgreement.compare(sent: 99_000, received: 100_000) == .agrees)
        #expect(ByteCountAgreement.compare(sent: 98_000, received: 100_000) == .receiverCountedMore(excess: 2_000))
        #expect(ByteCountAgreement.compare(sent: 0, received: 0) == .agrees)
        #expect(ByteCountAgreement.compare(sent: 50, received: 0) == .receiverCountedLess(shortfall: 50))
        #expect(ByteCountAgreement.compare(sent: 50, received: 0, slackBytes: 1500) == .agrees)
        #expect(ByteCountAgreement.compare(sent: .max, received: .max - .max / 100) == .agrees)
        #expect(ByteCountAgreement.compare(sent: 1000, received: 950, tolerancePercent: 5) == .agrees)
    }

    /// Two neighbours A (sender) and B (receiver) with ledgers; packets cross a lossy link, B
    /// issues a receipt every 500 packets it gets, A reconciles each with its own count.
    func transfer(lossPerMille: UInt64, seed: UInt64) throws -> (results: [ReceiptReconciler.Result], a: TrafficLedger, b: TrafficLedger) {
        let aKey = PrivateKey.generate()
        let bKey = PrivateKey.generate()
        var a = TrafficLedger()
        var b = TrafficLedger()
        var issuer = ReceiptIssuer(receiver: bKey.publicKey, sender: aKey.publicKey, now: 1_000)
        var reconciler = ReceiptReconciler()
        var random = TestRandom(state: seed)
        var inFlight: [Int] = []  // the link's delay: a few packets between the two ledgers
        var results: [ReceiptReconciler.Result] = []
        var now: UInt64 = 1_000
        func deliver(_ size: Int) throws {
            b.recordReceived(bytes: size, from: aKey.publicKey, route: LedgerRoute(7))
            let counters = b.counters(for: aKey.publicKey)
            if counters.packetsReceived % 500 == 0 {
                now += 10
                let receipt = try issuer.issue(now: now, ledgerBytes: counters.bytesReceived,
                                               ledgerPackets: counters.packetsReceived, key: bKey)
                // The receipt travels back; A compares with what it has sent by then.
                let decoded = try Receipt(decoding: receipt.encoded)
                results.append(reconciler.reconcile(decoded, sentBytes: a.counters(for: bKey.publicKey).bytesSent))
            }
        }
        for _ in 0..<20_000 {
            let size = 80 + Int(random.next() % 1_400)
            a.recordSent(bytes: size, to: bKey.publicKey, route: LedgerRoute(3))
            if random.next() % 1000 >= lossPerMille { inFlight.append(size) }
            if inFlight.count > 4 { try deliver(inFlight.removeFirst()) }
        }
        for size in inFlight { try deliver(size) }
        // A final receipt after the transfer.
        let counters = b.counters(for: aKey.publicKey)
        let last = try issuer.issue(now: now + 10, ledgerBytes: counters.bytesReceived,
                                    ledgerPackets: counters.packetsReceived, key: bKey)
        results.append(reconciler.reconcile(last, sentBytes: a.counters(for: bKey.publicKey).bytesSent))
        return (results, a, b)
    }

    @Test func countsAgreeAfterATransferWithSomeLoss() throws {
        let (results, a, b) = try transfer(lossPerMille: 5, seed: 1)
        #expect(results.allSatisfy { ReceiptChain.isContinuous($0.chain) })
        let final = try #require(results.last)
        #expect(final.agreement == .agrees)
        // The receipt counts exactly what B's ledger got.
        let aSide = a.snapshot().neighbours[0].counters
        let bSide = b.snapshot().neighbours[0].counters
        #expect(final.received == bSide.bytesReceived)
        #expect(final.sent == aSide.bytesSent)
        #expect(aSide.bytesSent - bSide.bytesReceived <= aSide.bytesSent / 100)
        // Per-route counters follow the same packets.
        #expect(a.counters(for: LedgerRoute(3)).bytesSent == aSide.bytesSent)
        #expect(b.counters(for: LedgerRoute(7)).packetsReceived == bSide.packetsReceived)
        // Intermediate receipts agree too once the totals dwarf the bytes in flight (the first one,
        // after 500 packets, has 4 packets ≈ 0.8 % in flight on top of the 0.5 % loss).
        #expect(results.dropFirst(2).allSatisfy { $0.agreement == .agrees })
    }

    @Test func heavyLossIsFlagged() throws {
        let (results, _, _) = try transfer(lossPerMille: 30, seed: 2)
        guard case .receiverCountedLess(let shortfall) = try #require(results.last).agreement else {
            Issue.record("3 % loss should not agree within 1 %")
            return
        }
        #expect(shortfall > 0)
    }

    @Test func ledgerSnapshotIsSortedAndRoutesCanBeDropped() {
        var ledger = TrafficLedger()
        let keys = (0..<5).map { _ in PrivateKey.generate().publicKey }
        for (index, key) in keys.enumerated() {
            ledger.recordSent(bytes: 100 * (index + 1), to: key, route: LedgerRoute(UInt64(index)))
            ledger.recordReceived(bytes: 10, from: key)
        }
        let snapshot = ledger.snapshot()
        #expect(snapshot.neighbours.map(\.neighbour) == keys.sorted())
        #expect(snapshot.routes.map(\.route.raw) == [0, 1, 2, 3, 4])
        #expect(ledger.counters(for: keys[2]) == TrafficCounters(bytesSent: 300, packetsSent: 1, bytesReceived: 10, packetsReceived: 1))
        ledger.removeRoute(LedgerRoute(2))
        #expect(ledger.counters(for: LedgerRoute(2)) == TrafficCounters())
        #expect(ledger.counters(for: keys[2]).bytesSent == 300)
    }
}
