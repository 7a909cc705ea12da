import SkywireCrypto
import Testing
@testable import SkywireTransport

@Suite struct SessionTests {
    @Test func roundTripBothDirections() throws {
        let pair = SessionPair()
        for n in [0, 1, 15, 16, 17, 1400] {
            let p = payload(n, seed: UInt8(n & 0xFF))
            let packet = try mustSeal(pair.a, p)
            #expect(packet.count == n + 32)
            #expect(try open(pair.b, packet).get() == p)
            let back = try mustSeal(pair.b, p)
            #expect(try open(pair.a, back).get() == p)
        }
        #expect(pair.a.nextSendCounter == 6)
        #expect(pair.b.highestReceivedCounter == 5)
    }

    @Test func headerLayout() throws {
        let pair = SessionPair()
        _ = try mustSeal(pair.a, [1])
        let packet = try seal(pair.a, payload(10), type: 0x7E).get()
        let fields = try packet.withUnsafeBytes { (raw) throws(TransportError) in try TransportHeader.parse(raw) }
        #expect(fields == .init(type: 0x7E, epoch: 0, flags: 0, receiverIndex: SessionPair.indexB, counter: 1))
        #expect(Array(packet[4..<8]) == [0x0B, 0x0B, 0x00, 0x02])  // big-endian receiver index
        #expect(Array(packet[8..<16]) == [0, 0, 0, 0, 0, 0, 0, 1])  // big-endian counter
        #expect(Array(packet[16..<26]) != payload(10))  // encrypted
    }

    @Test func everyHeaderAndBodyByteIsAuthenticatedOrChecked() throws {
        let pair = SessionPair()
        let packet = try mustSeal(pair.a, payload(40))
        for i in 0..<packet.count {
            var forged = packet
            forged[i] ^= 0x01
            let error = failure(open(pair.b, forged))
            switch i {
            case 1: #expect(error == .authenticationFailed)  // epoch 1 = next: tried, refused
            case 2...3: #expect(error == .reservedFlagsSet(i == 2 ? 0x0100 : 0x0001))
            case 4...7: #expect(error.map { if case .wrongReceiverIndex = $0 { true } else { false } } == true)
            default: #expect(error == .authenticationFailed, "byte \(i)")
            }
        }
        #expect(pair.b.highestReceivedCounter == nil)  // nothing forged moved the window
        #expect(pair.b.receiveEpoch == 0)  // nor the epoch
        #expect(try open(pair.b, packet).get() == payload(40))
    }

    @Test func forgedPacketDoesNotAdvanceWindow() throws {
        let pair = SessionPair()
        var packets: [[UInt8]] = []
        for _ in 0..<5 { packets.append(try mustSeal(pair.a, payload(20))) }
        _ = try open(pair.b, packets[0]).get()
        // Tampered ciphertext, tampered tag, both with a higher counter than seen so far.
        var badBody = packets[4]
        badBody[20] ^= 0x80
        #expect(failure(open(pair.b, badBody)) == .authenticationFailed)
        var badTag = packets[3]
        badTag[badTag.count - 1] ^= 0x01
        #expect(failure(open(pair.b, badTag)) == .authenticationFailed)
        #expect(pair.b.highestReceivedCounter == 0)
        // The genuine packets with those counters still go through.
        for i in 1..<5 { #expect(try open(pair.b, packets[i]).get() == payload(20)) }
    }

    @Test func wrongKeyIsRejected() throws {
        let pair = SessionPair()
        let other = SessionPair()
        let packet = try mustSeal(other.a, payload(30))
        #expect(failure(open(pair.b, packet)) == .authenticationFailed)
        #expect(pair.b.highestReceivedCounter == nil)
    }

    @Test func wrongReceiverIndexIsRejected() throws {
        let pair = SessionPair()
        let packet = try mustSeal(pair.a, payload(3))
        #expect(failure(open(pair.a, packet)) == .wrongReceiverIndex(SessionPair.indexB))
    }

    @Test func replayIsRejected() throws {
        let pair = SessionPair()
        let packet = try mustSeal(pair.a, payload(64))
        #expect(try open(pair.b, packet).get() == payload(64))
        #expect(failure(open(pair.b, packet)) == .replayed(counter: 0))
    }

    @Test func reorderingInsideWindowIsAccepted() throws {
        let pair = SessionPair()
        var packets: [[UInt8]] = []
        for i in 0..<300 { packets.append(try mustSeal(pair.a, payload(8, seed: UInt8(i & 0xFF)))) }
        for i in packets.indices.reversed() { #expect(try open(pair.b, packets[i]).get() == payload(8, seed: UInt8(i & 0xFF))) }
        for p in packets { #expect(failure(open(pair.b, p)) != nil) }
    }

    @Test func tooOldAndJumpForward() throws {
        let pair = SessionPair()
        let count = 20_000
        var packets: [[UInt8]] = []
        packets.reserveCapacity(count)
        for _ in 0..<count { packets.append(try mustSeal(pair.a, [])) }
        for i in 0..<10 { _ = try open(pair.b, packets[i]).get() }
        // Jump forward by far more than the window.
        _ = try open(pair.b, packets[count - 1]).get()
        #expect(failure(open(pair.b, packets[5])) == .tooOld(counter: 5))  // seen before, now too old
        #expect(failure(open(pair.b, packets[15])) == .tooOld(counter: 15))  // never seen, too old
        let edge = count - 1 - Int(ReplayWindow.windowSize)
        #expect(failure(open(pair.b, packets[edge])) == .tooOld(counter: UInt64(edge)))
        #expect(try open(pair.b, packets[edge + 1]).get() == [])
        #expect(try open(pair.b, packets[count - 2]).get() == [])
    }

    @Test func truncatedPacketsNeverTrap() throws {
        let pair = SessionPair()
        let packet = try mustSeal(pair.a, payload(100))
        for n in 0..<32 {
            #expect(failure(open(pair.b, Array(packet[0..<n]))) == .packetTooShort(length: n))
        }
        for n in 32..<packet.count {
            #expect(failure(open(pair.b, Array(packet[0..<n]))) == .authenticationFailed)
        }
        // An empty buffer with no base address at all.
        let error: TransportError? = {
            do throws(TransportError) {
                _ = try pair.b.open(packet: UnsafeMutableRawBufferPointer(start: nil, count: 0), now: 0)
                return nil
            } catch { return error }
        }()
        #expect(error == .packetTooShort(length: 0))
        #expect(try open(pair.b, packet).get() == payload(100))
    }

    @Test func sealRefusesBadBuffers() {
        let pair = SessionPair()
        var small = [UInt8](repeating: 0, count: 40)
        let e1: TransportError? = small.withUnsafeMutableBytes { raw in
            do throws(TransportError) { _ = try pair.a.seal(type: 1, payloadLength: 9, in: raw, now: 0); return nil }
            catch { return error }
        }
        #expect(e1 == .bufferTooSmall(needed: 41, got: 40))
        let e2: TransportError? = small.withUnsafeMutableBytes { raw in
            do throws(TransportError) { _ = try pair.a.seal(type: 1, payloadLength: -1, in: raw, now: 0); return nil }
            catch { return error }
        }
        #expect(e2 == .invalidPayloadLength(-1))
        let e3: TransportError? = small.withUnsafeMutableBytes { raw in
            do throws(TransportError) { _ = try pair.a.seal(type: 1, payloadLength: Int.max, in: raw, now: 0); return nil }
            catch { return error }
        }
        #expect(e3 == .bufferTooSmall(needed: Int.max, got: 40))
        #expect(pair.a.nextSendCounter == 0)  // no counter was used up
    }

    @Test func counterExhaustion() throws {
        let limit = RekeyPolicy.rejectAfterMessages
        #expect(limit == UInt64.max - 8192)  // 2^64 - 2^13 - 1
        let pair = SessionPair(firstSendCounter: limit - 2)
        let p1 = try mustSeal(pair.a, payload(5))
        let p2 = try mustSeal(pair.a, payload(5))
        #expect(pair.a.isSendExhausted)
        #expect(failure(seal(pair.a, payload(5))) == .counterExhausted)
        #expect(failure(seal(pair.a, payload(5))) == .counterExhausted)
        #expect(try open(pair.b, p2).get() == payload(5))
        #expect(try open(pair.b, p1).get() == payload(5))
        // A packet claiming a counter at the limit is refused before any crypto.
        var beyond = p2
        beyond.replaceSubrange(8..<16, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xDF, 0xFF])
        #expect(failure(open(pair.b, beyond)) == .counterBeyondLimit(limit))
    }
}
