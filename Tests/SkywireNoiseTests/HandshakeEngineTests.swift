import SkywireCrypto
import Testing
@testable import SkywireNoise

/// IK and XK through the one pattern-driven engine, between fresh random parties.
@Suite struct HandshakeEngineTests {
    static let ikName = "Noise_IK_secp256k1_ChaChaPoly_SHA256"
    static let xkName = "Noise_XK_secp256k1_ChaChaPoly_SHA256"
    static let prologue = Array("engine test".utf8)

    static func pair(
        _ pattern: HandshakePattern, name: String, initiatorKey: PrivateKey = .generate(),
        responderKey: PrivateKey = .generate(), responderTarget: PublicKey? = nil
    ) throws -> (HandshakeState, HandshakeState) {
        let initiator = try HandshakeState(
            role: .initiator, pattern: pattern, protocolName: name, prologue: prologue,
            localStatic: initiatorKey, remoteStatic: responderTarget ?? responderKey.publicKey)
        let responder = try HandshakeState(
            role: .responder, pattern: pattern, protocolName: name, prologue: prologue,
            localStatic: responderKey, remoteStatic: nil)
        return (initiator, responder)
    }

    static func expectMatchingKeys(_ a: TransportKeys, _ b: TransportKeys) {
        #expect(bytes(a.sendKey) == bytes(b.receiveKey))
        #expect(bytes(a.receiveKey) == bytes(b.sendKey))
        #expect(bytes(a.sendKey) != bytes(a.receiveKey))
        #expect(bytes(a.chainingKey) == bytes(b.chainingKey))
        #expect(a.handshakeHash == b.handshakeHash)
        #expect(a.handshakeHash.count == 32)
        #expect(bytes(a.initiatorToResponder) == bytes(b.initiatorToResponder))
        #expect(bytes(a.responderToInitiator) == bytes(b.responderToInitiator))
    }

    @Test func ikCompletesWithZeroRTTPayload() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate()
        let (initiator, responder) = try Self.pair(.ik, name: Self.ikName, initiatorKey: alice, responderKey: bob)
        let early = Array("0-RTT hello".utf8), reply = Array("welcome".utf8)

        let message1 = try initiator.writeMessage(payload: early)
        // version + e (33) + encrypted s (33 + 16) + payload + tag
        #expect(message1.count == 1 + 33 + 49 + early.count + 16)
        #expect(try responder.readMessage(message1) == early)
        #expect(responder.remoteStatic == alice.publicKey)
        #expect(responder.progress == .writeNext(messageIndex: 1))

        let message2 = try responder.writeMessage(payload: reply)
        #expect(message2.count == 1 + 33 + reply.count + 16)
        #expect(responder.progress == .complete)
        #expect(try initiator.readMessage(message2) == reply)
        #expect(initiator.progress == .complete)

        let a = try initiator.split(), b = try responder.split()
        Self.expectMatchingKeys(a, b)
        #expect(a.remoteStatic == bob.publicKey)
        #expect(b.remoteStatic == alice.publicKey)
        #expect(a.handshakeHash == initiator.handshakeHash)

        // The keys carry traffic both ways.
        let sealed = ChaChaPoly.seal(key: a.sendKey, counter: 0, associatedData: [], plaintext: [9, 8, 7])
        #expect(try ChaChaPoly.open(key: b.receiveKey, counter: 0, associatedData: [], sealed: sealed) == [9, 8, 7])
    }

    @Test func xkRoundTripsBetweenRandomParties() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate()
        let (initiator, responder) = try Self.pair(.xk, name: Self.xkName, initiatorKey: alice, responderKey: bob)
        let payloads: [[UInt8]] = [Array("one".utf8), Array("two".utf8), Array("three".utf8)]
        #expect(try runHandshake(initiator: initiator, responder: responder, payloads: payloads) == payloads)
        let a = try initiator.split(), b = try responder.split()
        Self.expectMatchingKeys(a, b)
        #expect(b.remoteStatic == alice.publicKey)
        #expect(a.remoteStatic == bob.publicKey)
    }

    @Test func ephemeralKeysAreFreshByDefault() throws {
        let bob = PrivateKey.generate()
        let (first, _) = try Self.pair(.ik, name: Self.ikName, responderKey: bob)
        let (second, _) = try Self.pair(.ik, name: Self.ikName, responderKey: bob)
        #expect(try first.writeMessage()[1..<34] != second.writeMessage()[1..<34])
    }

    @Test func everyTamperedByteOfMessageOneIsRefused() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate()
        let (initiator, _) = try Self.pair(.ik, name: Self.ikName, initiatorKey: alice, responderKey: bob)
        let message = try initiator.writeMessage(payload: [1, 2, 3, 4])
        for position in message.indices {
            var tampered = message
            tampered[position] ^= 0x01
            let responder = try HandshakeState(
                role: .responder, pattern: .ik, protocolName: Self.ikName, prologue: Self.prologue,
                localStatic: bob, remoteStatic: nil)
            do {
                _ = try responder.readMessage(tampered)
                Issue.record("tampered byte \(position) was accepted")
            } catch {
                switch position {
                case 0: #expect(error == .badVersion(1))
                case 1:  // 0x02 ↔ 0x03 negates the point: still on the curve, so the tag fails
                    #expect(error == .authenticationFailed)
                default: #expect(error == .badPublicKey || error == .authenticationFailed, "byte \(position): \(error)")
                }
            }
            #expect(responder.progress == .failed)
        }
    }

    @Test func tamperedMessageTwoIsRefused() throws {
        let (initiator, responder) = try Self.pair(.ik, name: Self.ikName)
        _ = try responder.readMessage(initiator.writeMessage(payload: [1]))
        var message2 = try responder.writeMessage(payload: [2, 3])
        message2[message2.count - 1] ^= 0x40
        #expect(throws: HandshakeError.authenticationFailed) { try initiator.readMessage(message2) }
        #expect(initiator.progress == .failed)
        #expect(throws: HandshakeError.outOfTurn(.failed)) { try initiator.split() }
    }

    @Test func truncatedAndOverlongMessagesAreRefused() throws {
        let (initiator, responder) = try Self.pair(.ik, name: Self.ikName)
        let message = try initiator.writeMessage()
        #expect(throws: HandshakeError.badLength(expected: 1 + 33 + 49 + 16, got: 0)) {
            try responder.readMessage([])
        }
        let (_, responder2) = try Self.pair(.ik, name: Self.ikName)
        #expect(throws: HandshakeError.badLength(expected: 1 + 33 + 49 + 16, got: message.count - 1)) {
            try responder2.readMessage(Array(message.dropLast()))
        }
        let (_, responder3) = try Self.pair(.ik, name: Self.ikName)
        #expect(throws: HandshakeError.badLength(expected: 65536, got: 65537)) {
            try responder3.readMessage([0] + [UInt8](repeating: 0, count: 65536))
        }
    }

    @Test func responderWithWrongStaticKeyFails() throws {
        let bob = PrivateKey.generate(), carol = PrivateKey.generate()
        // The initiator believes it talks to Bob; Carol answers.
        let (initiator, carolResponder) = try Self.pair(
            .ik, name: Self.ikName, responderKey: carol, responderTarget: bob.publicKey)
        #expect(throws: HandshakeError.authenticationFailed) {
            try carolResponder.readMessage(initiator.writeMessage(payload: [1]))
        }
        #expect(carolResponder.progress == .failed)

        let (xkInitiator, xkCarol) = try Self.pair(.xk, name: Self.xkName, responderKey: carol, responderTarget: bob.publicKey)
        #expect(throws: HandshakeError.authenticationFailed) { try xkCarol.readMessage(xkInitiator.writeMessage()) }
    }

    @Test func mismatchedPrologueOrProtocolNameFails() throws {
        let bob = PrivateKey.generate()
        let initiator = try HandshakeState(
            role: .initiator, pattern: .ik, protocolName: Self.ikName, prologue: Array("other".utf8),
            localStatic: .generate(), remoteStatic: bob.publicKey)
        let responder = try HandshakeState(
            role: .responder, pattern: .ik, protocolName: Self.ikName, prologue: Self.prologue,
            localStatic: bob, remoteStatic: nil)
        #expect(throws: HandshakeError.authenticationFailed) { try responder.readMessage(initiator.writeMessage()) }

        let shortName = try HandshakeState(  // ≤ 32 bytes: padded, not hashed
            role: .initiator, pattern: .ik, protocolName: "Noise_IK_short", prologue: Self.prologue,
            localStatic: .generate(), remoteStatic: bob.publicKey)
        let responder2 = try HandshakeState(
            role: .responder, pattern: .ik, protocolName: Self.ikName, prologue: Self.prologue,
            localStatic: bob, remoteStatic: nil)
        #expect(throws: HandshakeError.authenticationFailed) { try responder2.readMessage(shortName.writeMessage()) }
    }

    @Test func callsOutOfTurnAreTypedErrors() throws {
        let (initiator, responder) = try Self.pair(.xk, name: Self.xkName)
        #expect(throws: HandshakeError.outOfTurn(.readNext(messageIndex: 0))) { try responder.writeMessage() }
        #expect(throws: HandshakeError.outOfTurn(.writeNext(messageIndex: 0))) { try initiator.readMessage([0]) }
        #expect(throws: HandshakeError.outOfTurn(.writeNext(messageIndex: 0))) { try initiator.split() }
        // An out-of-turn call changes nothing: the handshake still completes.
        try runHandshake(initiator: initiator, responder: responder, payloads: [[], [], []])
        #expect(throws: HandshakeError.outOfTurn(.complete)) { try initiator.writeMessage() }
        #expect(throws: HandshakeError.outOfTurn(.complete)) { try responder.readMessage([0]) }
        Self.expectMatchingKeys(try initiator.split(), try responder.split())
    }

    @Test func abortFailsTheHandshake() throws {
        let (initiator, _) = try Self.pair(.ik, name: Self.ikName)
        initiator.abort()
        #expect(initiator.progress == .failed)
        #expect(throws: HandshakeError.outOfTurn(.failed)) { try initiator.writeMessage() }
    }

    @Test func configurationErrors() throws {
        let key = PrivateKey.generate()
        #expect(throws: HandshakeError.missingLocalStatic) {
            try HandshakeState(role: .initiator, pattern: .ik, protocolName: Self.ikName, prologue: [],
                               localStatic: nil, remoteStatic: key.publicKey)
        }
        #expect(throws: HandshakeError.missingRemoteStatic) {
            try HandshakeState(role: .initiator, pattern: .xk, protocolName: Self.xkName, prologue: [],
                               localStatic: key, remoteStatic: nil)
        }
        #expect(throws: HandshakeError.unexpectedRemoteStatic) {
            try HandshakeState(role: .responder, pattern: .xk, protocolName: Self.xkName, prologue: [],
                               localStatic: key, remoteStatic: PrivateKey.generate().publicKey)
        }
        #expect(throws: HandshakeError.missingLocalStatic) {
            try HandshakeState(role: .responder, pattern: .ik, protocolName: Self.ikName, prologue: [],
                               localStatic: nil, remoteStatic: nil)
        }
    }

    @Test func payloadSizeIsBounded() throws {
        let (initiator, responder) = try Self.pair(.ik, name: Self.ikName)
        let fixed = 33 + 49 + 16
        #expect(throws: HandshakeError.payloadTooLarge(maximum: 65535 - fixed, got: 65535 - fixed + 1)) {
            try initiator.writeMessage(payload: [UInt8](repeating: 1, count: 65535 - fixed + 1))
        }
        #expect(initiator.progress == .writeNext(messageIndex: 0))
        let largest = [UInt8](repeating: 1, count: 65535 - fixed)
        let message = try initiator.writeMessage(payload: largest)
        #expect(message.count == 65536)
        #expect(try responder.readMessage(message) == largest)
    }

    @Test func symmetricStateFollowsTheNoiseDefinitions() throws {
        // InitializeSymmetric: a name of at most 32 bytes is zero-padded, a longer one hashed.
        let short = SymmetricState(protocolName: Array("Noise_NN".utf8))
        let shortHash = short.handshakeHash
        #expect(shortHash == Array("Noise_NN".utf8) + [UInt8](repeating: 0, count: 24))
        let long = SymmetricState(protocolName: Array(Self.xkName.utf8))
        let longHash = long.handshakeHash, longKey = bytes(long.chainingKey)
        #expect(longHash == SHA256.hash(Array(Self.xkName.utf8)))
        #expect(longKey == longHash)
        // BOLT 8 Appendix A: h after mixing the prologue and the responder's static key.
        var state = SymmetricState(protocolName: Array(Self.xkName.utf8))
        state.mixHash(Array("lightning".utf8))
        state.mixHash(Hex.decode("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7")!)
        state.mixHash(Hex.decode("036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f7")!)
        let h = state.handshakeHash
        #expect(Hex.encode(h) == "9e0e7de8bb75554f21db034633de04be41a2b8a18da7a319a03c803bf02b396c")
        // Without a key EncryptAndHash is MixHash of the plaintext.
        let hasKey = state.hasKey
        #expect(!hasKey)
        #expect(try state.encryptAndHash([1, 2]) == [1, 2])
    }
}
