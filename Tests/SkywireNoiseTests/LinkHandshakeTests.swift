import SkywireCrypto
import Testing
@testable import SkywireNoise

@Suite struct LinkHandshakeTests {
    static let second: UInt64 = 1_000_000_000
    static let now: UInt64 = 1_750_000_000 * second + 123_456_789

    @Test func completesWithTimestampAndPayloads() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate()
        var replayGuard = InitiationReplayGuard()
        let initiator = try LinkInitiator(localStatic: alice, remoteStatic: bob.publicKey)
        let responder = try LinkResponder(localStatic: bob)

        let initiation = try initiator.initiation(now: Self.now, payload: Array("hi".utf8))
        let seen = try responder.readInitiation(initiation, replayGuard: &replayGuard)
        #expect(seen.initiatorStatic == alice.publicKey)
        #expect(seen.timestamp == InitiationTimestamp(now: Self.now))
        #expect(seen.payload == Array("hi".utf8))
        #expect(replayGuard.lastTimestamp(of: alice.publicKey) == seen.timestamp)

        let (answer, responderKeys) = try responder.response(payload: Array("yo".utf8))
        let (reply, initiatorKeys) = try initiator.readResponse(answer)
        #expect(reply == Array("yo".utf8))
        #expect(bytes(initiatorKeys.sendKey) == bytes(responderKeys.receiveKey))
        #expect(bytes(initiatorKeys.receiveKey) == bytes(responderKeys.sendKey))
        #expect(initiatorKeys.handshakeHash == responderKeys.handshakeHash)
        #expect(initiatorKeys.remoteStatic == bob.publicKey)
        #expect(initiator.progress == .complete && responder.progress == .complete)
    }

    @Test func usesTheLinkProtocolNameAndPrologue() throws {
        let bob = PrivateKey.generate()
        // A plain IK initiator with the link name and prologue interoperates with LinkResponder …
        let plain = try HandshakeState(
            role: .initiator, pattern: .ik, protocolName: "Noise_IK_secp256k1_ChaChaPoly_SHA256",
            prologue: Array("skywire link v1".utf8), localStatic: .generate(), remoteStatic: bob.publicKey)
        var replayGuard = InitiationReplayGuard()
        let message = try plain.writeMessage(payload: InitiationTimestamp(now: Self.now).encoded)
        #expect(try LinkResponder(localStatic: bob).readInitiation(message, replayGuard: &replayGuard).payload == [])
        // … and one with another prologue does not.
        let other = try HandshakeState(
            role: .initiator, pattern: .ik, protocolName: "Noise_IK_secp256k1_ChaChaPoly_SHA256",
            prologue: Array("skywire link v2".utf8), localStatic: .generate(), remoteStatic: bob.publicKey)
        #expect(throws: LinkHandshakeError.handshake(.authenticationFailed)) {
            try LinkResponder(localStatic: bob).readInitiation(
                other.writeMessage(payload: InitiationTimestamp(now: Self.now).encoded), replayGuard: &replayGuard)
        }
    }

    @Test func replayedInitiationIsRejected() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate()
        var replayGuard = InitiationReplayGuard()
        let initiation = try LinkInitiator(localStatic: alice, remoteStatic: bob.publicKey)
            .initiation(now: Self.now, payload: [7])
        _ = try LinkResponder(localStatic: bob).readInitiation(initiation, replayGuard: &replayGuard)

        // The same bytes again, to a fresh responder sharing the guard: refused.
        let victim = try LinkResponder(localStatic: bob)
        let stamp = InitiationTimestamp(now: Self.now)
        #expect(throws: LinkHandshakeError.replayedInitiation(last: stamp, got: stamp)) {
            try victim.readInitiation(initiation, replayGuard: &replayGuard)
        }
        #expect(victim.progress == .failed)
        #expect(throws: LinkHandshakeError.handshake(.outOfTurn(.failed))) { try victim.response() }

        // An older initiation is refused too; a newer one is accepted.
        let older = try LinkInitiator(localStatic: alice, remoteStatic: bob.publicKey).initiation(now: Self.now - 1)
        #expect(throws: LinkHandshakeError.replayedInitiation(last: stamp, got: InitiationTimestamp(now: Self.now - 1))) {
            try LinkResponder(localStatic: bob).readInitiation(older, replayGuard: &replayGuard)
        }
        let newer = try LinkInitiator(localStatic: alice, remoteStatic: bob.publicKey).initiation(now: Self.now + 1)
        #expect(try LinkResponder(localStatic: bob).readInitiation(newer, replayGuard: &replayGuard).timestamp
                == InitiationTimestamp(now: Self.now + 1))
        // Another initiator's clock is independent.
        let carolInitiation = try LinkInitiator(localStatic: .generate(), remoteStatic: bob.publicKey).initiation(now: 5)
        _ = try LinkResponder(localStatic: bob).readInitiation(carolInitiation, replayGuard: &replayGuard)
        #expect(replayGuard.count == 2)
    }

    @Test func forgedInitiationDoesNotTouchTheGuard() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate()
        var replayGuard = InitiationReplayGuard()
        var initiation = try LinkInitiator(localStatic: alice, remoteStatic: bob.publicKey).initiation(now: Self.now)
        initiation[initiation.count - 20] ^= 1
        #expect(throws: LinkHandshakeError.handshake(.authenticationFailed)) {
            try LinkResponder(localStatic: bob).readInitiation(initiation, replayGuard: &replayGuard)
        }
        #expect(replayGuard.count == 0)
    }

    @Test func initiationWithoutTimestampIsRefused() throws {
        let bob = PrivateKey.generate()
        var replayGuard = InitiationReplayGuard()
        let plain = try HandshakeState(
            role: .initiator, pattern: .ik, protocolName: LinkHandshake.protocolName,
            prologue: LinkHandshake.prologue, localStatic: .generate(), remoteStatic: bob.publicKey)
        #expect(throws: LinkHandshakeError.initiationTooShort(got: 11)) {
            try LinkResponder(localStatic: bob).readInitiation(
                plain.writeMessage(payload: [UInt8](repeating: 0, count: 11)), replayGuard: &replayGuard)
        }
        let badNanos = try HandshakeState(
            role: .initiator, pattern: .ik, protocolName: LinkHandshake.protocolName,
            prologue: LinkHandshake.prologue, localStatic: .generate(), remoteStatic: bob.publicKey)
        #expect(throws: LinkHandshakeError.malformedTimestamp) {
            try LinkResponder(localStatic: bob).readInitiation(
                badNanos.writeMessage(payload: [UInt8](repeating: 0xff, count: 12)), replayGuard: &replayGuard)
        }
        #expect(replayGuard.count == 0)
    }

    @Test func timestampEncoding() throws {
        let stamp = InitiationTimestamp(now: 3 * Self.second + 5)
        #expect(Hex.encode(stamp.encoded) == "4000000000000003" + "00000005")
        #expect(InitiationTimestamp(encoded: stamp.encoded) == stamp)
        #expect(InitiationTimestamp(encoded: [UInt8](repeating: 0, count: 11)) == nil)
        #expect(InitiationTimestamp(encoded: Hex.decode("4000000000000003" + "3b9aca00")!) == nil)  // 10^9 ns
        #expect(InitiationTimestamp(now: Self.second - 1) < InitiationTimestamp(now: Self.second))
        #expect(InitiationTimestamp(now: 2 * Self.second) > InitiationTimestamp(now: Self.second + 999_999_999))
    }

    @Test func replayGuardIsBoundedAndEvictsTheOldest() throws {
        var replayGuard = InitiationReplayGuard(capacity: 2)
        let a = PrivateKey.generate().publicKey, b = PrivateKey.generate().publicKey, c = PrivateKey.generate().publicKey
        try replayGuard.admit(InitiationTimestamp(now: 10), from: a)
        try replayGuard.admit(InitiationTimestamp(now: 10), from: b)
        try replayGuard.admit(InitiationTimestamp(now: 11), from: a)  // a is now the most recent
        try replayGuard.admit(InitiationTimestamp(now: 1), from: c)   // evicts b
        #expect(replayGuard.count == 2)
        #expect(replayGuard.lastTimestamp(of: b) == nil)
        #expect(replayGuard.lastTimestamp(of: a) == InitiationTimestamp(now: 11))
        #expect(replayGuard.lastTimestamp(of: c) == InitiationTimestamp(now: 1))
        #expect(throws: InitiationReplayGuard.Rejection.notNewer(last: InitiationTimestamp(now: 11), got: InitiationTimestamp(now: 11))) {
            try replayGuard.admit(InitiationTimestamp(now: 11), from: a)
        }
        #expect(InitiationReplayGuard(capacity: 0).capacity == 1)
    }
}
