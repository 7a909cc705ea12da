import SkywireCrypto
import Testing
@testable import SkywireTransport

@Suite struct RekeyTests {
    static let second: UInt64 = 1_000_000_000

    @Test func defaults() {
        #expect(RekeyPolicy.default.rekeyAfterMessages == 1 << 20)
        #expect(RekeyPolicy.default.rekeyAfterTime == 120 * Self.second)
        #expect(RekeyPolicy.default.previousKeyOverlap == 10 * Self.second)
    }

    /// The chain is exactly the documented HKDF-SHA256 construction, recomputed with HMAC.
    @Test func chainMatchesSpec() throws {
        let key0 = SymmetricKey.random()
        let k0 = key0.secret.exportedBytes()
        func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] { HMACSHA256.mac(key: key, message: message) }
        let chain0 = hmac(hmac(k0, Array("skywire rekey".utf8)), [0x01])
        let e0 = EpochKeys(handshakeKey: key0)
        #expect(e0.epoch == 0)
        #expect(e0.chain.secret.exportedBytes() == chain0)
        #expect(e0.key.secret.exportedBytes() == k0)
        let prk = hmac(chain0, k0)
        let t1 = hmac(prk, [0x01])
        let t2 = hmac(prk, t1 + [0x02])
        let e1 = e0.next()
        #expect(e1.epoch == 1)
        #expect(e1.chain.secret.exportedBytes() == t1)
        #expect(e1.key.secret.exportedBytes() == t2)
        #expect(e1.next().key.secret.exportedBytes() != t2)
    }

    @Test func rekeyByMessageCount() throws {
        let policy = RekeyPolicy(rekeyAfterMessages: 3, rekeyAfterTime: .max, previousKeyOverlap: Self.second)
        let pair = SessionPair(policy: policy)
        for i in 0..<10 {
            let p = payload(i + 1)
            let packet = try mustSeal(pair.a, p)
            #expect(packet[1] == UInt8(i / 3))
            #expect(try open(pair.b, packet).get() == p)
            #expect(try open(pair.a, try mustSeal(pair.b, p)).get() == p)
        }
        #expect(pair.a.sendEpoch == 3)
        #expect(pair.b.receiveEpoch == 3)
        #expect(pair.b.sendEpoch == 3)
        #expect(pair.a.receiveEpoch == 3)
        #expect(pair.a.nextSendCounter == 10)  // the counter runs on across epochs
    }

    @Test func rekeyByTime() throws {
        let policy = RekeyPolicy(rekeyAfterMessages: .max, rekeyAfterTime: 100 * Self.second, previousKeyOverlap: Self.second)
        let start: UInt64 = 5 * Self.second
        let pair = SessionPair(policy: policy, now: start)
        let times = [start, start + 99 * Self.second, start + 100 * Self.second, start + 150 * Self.second,
                     start + 200 * Self.second, start + 1_000 * Self.second]
        let expected: [UInt8] = [0, 0, 1, 1, 2, 3]
        for (t, e) in zip(times, expected) {
            let packet = try mustSeal(pair.a, payload(7), now: t)
            #expect(packet[1] == e)
            #expect(try open(pair.b, packet, now: t).get() == payload(7))
        }
        #expect(pair.b.receiveEpoch == 3)
        // A clock reading before the epoch start (caller bug) does not rekey or trap.
        let early = try mustSeal(pair.a, payload(1), now: 0)
        #expect(early[1] == 3)
    }

    @Test func previousEpochWithinAndAfterOverlap() throws {
        let overlap = 10 * Self.second
        let policy = RekeyPolicy(rekeyAfterMessages: 3, rekeyAfterTime: .max, previousKeyOverlap: overlap)
        let pair = SessionPair(policy: policy)
        var packets: [[UInt8]] = []
        for i in 0..<6 { packets.append(try mustSeal(pair.a, payload(12, seed: UInt8(i)))) }
        // 0,1,2 are epoch 0; 3,4,5 epoch 1. Deliver 0, then 3 (receiver advances at t = 1 s).
        _ = try open(pair.b, packets[0], now: 0).get()
        _ = try open(pair.b, packets[3], now: Self.second).get()
        #expect(pair.b.receiveEpoch == 1)
        // Late epoch-0 packet inside the overlap: accepted.
        #expect(try open(pair.b, packets[1], now: Self.second + overlap - 1).get() == payload(12, seed: 1))
        // After the overlap: refused, and the old key is gone.
        #expect(failure(open(pair.b, packets[2], now: Self.second + overlap)) == .epochExpired(0))
        #expect(failure(open(pair.b, packets[2], now: Self.second)) == .epochExpired(0))
        // Current epoch goes on.
        #expect(try open(pair.b, packets[5], now: Self.second + overlap).get() == payload(12, seed: 5))
        #expect(try open(pair.b, packets[4], now: Self.second + overlap).get() == payload(12, seed: 4))
    }

    @Test func epochsTooFarAheadOrBehindAreUnknown() throws {
        let policy = RekeyPolicy(rekeyAfterMessages: 1, rekeyAfterTime: .max, previousKeyOverlap: Self.second)
        let pair = SessionPair(policy: policy)
        let p0 = try mustSeal(pair.a, payload(4))  // epoch 0
        _ = try mustSeal(pair.a, payload(4))  // epoch 1, lost
        let p2 = try mustSeal(pair.a, payload(4))  // epoch 2
        #expect(p2[1] == 2)
        #expect(failure(open(pair.b, p2)) == .unknownEpoch(2))
        // At epoch 0 there is no previous epoch: wire 255 is unknown.
        var wrapped = p0
        wrapped[1] = 255
        #expect(failure(open(pair.b, wrapped)) == .unknownEpoch(255))
        #expect(try open(pair.b, p0).get() == payload(4))
    }

    @Test func forgedNextEpochPacketDoesNotAdvance() throws {
        let policy = RekeyPolicy(rekeyAfterMessages: 2, rekeyAfterTime: .max, previousKeyOverlap: Self.second)
        let pair = SessionPair(policy: policy)
        _ = try mustSeal(pair.a, [])
        _ = try mustSeal(pair.a, [])
        let next = try mustSeal(pair.a, payload(9))
        #expect(next[1] == 1)
        var forged = next
        forged[20] ^= 1
        #expect(failure(open(pair.b, forged)) == .authenticationFailed)
        #expect(pair.b.receiveEpoch == 0)
        #expect(try open(pair.b, next).get() == payload(9))
        #expect(pair.b.receiveEpoch == 1)
    }

    @Test func epochWrapsPast255() throws {
        // Two packets per epoch; 1200 packets run through epochs 0...599 (wire wraps twice).
        let policy = RekeyPolicy(rekeyAfterMessages: 2, rekeyAfterTime: .max, previousKeyOverlap: Self.second)
        let pair = SessionPair(policy: policy)
        var held: [[UInt8]] = []
        for i in 0..<1200 {
            let epoch = i / 2
            let packet = try mustSeal(pair.a, payload(3, seed: UInt8(i & 0xFF)))
            #expect(packet[1] == UInt8(epoch & 0xFF))
            // Hold back the first packet of epochs 255 and 511 until after the wrap.
            if i == 510 || i == 1022 { held.append(packet); continue }
            #expect(try open(pair.b, packet).get() == payload(3, seed: UInt8(i & 0xFF)))
            if i == 512 || i == 1024 {
                // Receiver now at epoch 256 / 512 (wire 0): the held wire-255 packet is previous.
                #expect(pair.b.receiveEpoch == UInt64(epoch))
                #expect(try open(pair.b, held.removeFirst()).get() == payload(3, seed: UInt8((i - 2) & 0xFF)))
            }
        }
        #expect(held.isEmpty)
        #expect(pair.a.sendEpoch == 599)
        #expect(pair.b.receiveEpoch == 599)
        #expect(pair.b.highestReceivedCounter == 1199)
    }
}
