import Foundation
import SkywireCrypto
import Testing
@testable import SkywireNoise

/// BOLT 8 Appendix A, loaded from Vectors/bolt8-transport.json and reproduced byte for byte.
@Suite struct Bolt8VectorTests {
    static let protocolName = "Noise_XK_secp256k1_ChaChaPoly_SHA256"
    static let prologue = Array("lightning".utf8)

    /// The typed error each named failure of the appendix must produce.
    static func expectedError(_ name: String, message: [UInt8]) -> HandshakeError? {
        let act = name.prefix(4)
        let fullLength = act == "ACT3" ? 66 : 50
        switch name.dropFirst(5) {
        case "READ_FAILED": return .badLength(expected: fullLength, got: message.count)
        case "BAD_VERSION", "BAD_VERSION 1": return .badVersion(1)
        case "BAD_PUBKEY": return .badPublicKey
        case "BAD_TAG", "BAD_CIPHERTEXT": return .authenticationFailed
        default: return nil
        }
    }

    static func cases(_ side: String) throws -> [[String: Any]] {
        let file = try loadVectorJSON("bolt8-transport.json")
        #expect(try file.string("protocol_name") == protocolName)
        #expect(try file.string("prologue") == "lightning")
        guard let list = file[side] as? [[String: Any]] else { throw VectorFileError.missing(side) }
        return list
    }

    @Test func initiatorVectors() throws {
        let cases = try Self.cases("initiator")
        #expect(cases.count == 5)
        for vector in cases {
            let name = try vector.string("name")
            let local = try privateKey(hex: vector.string("ls.priv"))
            let ephemeral = try privateKey(hex: vector.string("e.priv"))
            #expect(local.publicKey.compressed == (try vector.hex("ls.pub")), "\(name)")
            #expect(ephemeral.publicKey.compressed == (try vector.hex("e.pub")), "\(name)")
            let initiator = try HandshakeState(
                role: .initiator, pattern: .xk, protocolName: Self.protocolName, prologue: Self.prologue,
                localStatic: local, remoteStatic: PublicKey(compressed: vector.hex("rs.pub")), ephemeral: ephemeral)

            #expect(initiator.progress == .writeNext(messageIndex: 0))
            #expect(try initiator.writeMessage() == vector.hex("act1.output"), "\(name)")
            #expect(initiator.progress == .readNext(messageIndex: 1))
            let act2 = try vector.hex("act2.input")

            if let failure = vector["error"] as? String {
                let expected = try #require(Self.expectedError(failure, message: act2), "\(name)")
                #expect(throws: expected, "\(name)") { try initiator.readMessage(act2) }
                #expect(initiator.progress == .failed)
                #expect(throws: HandshakeError.outOfTurn(.failed)) { try initiator.writeMessage() }
                continue
            }
            #expect(try initiator.readMessage(act2) == [], "\(name)")
            #expect(initiator.progress == .writeNext(messageIndex: 2))
            #expect(try initiator.writeMessage() == vector.hex("act3.output"), "\(name)")
            #expect(initiator.progress == .complete)
            let keys = try initiator.split()
            #expect(bytes(keys.sendKey) == (try vector.hex("sk")))
            #expect(bytes(keys.receiveKey) == (try vector.hex("rk")))
            // The final chaining key is the one the message test rotates from.
            #expect(Hex.encode(bytes(keys.chainingKey)) == "919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01")
            #expect(keys.remoteStatic.compressed == (try vector.hex("rs.pub")))
        }
    }

    @Test func responderVectors() throws {
        let cases = try Self.cases("responder")
        #expect(cases.count == 10)
        for vector in cases {
            let name = try vector.string("name")
            let local = try privateKey(hex: vector.string("ls.priv"))
            let ephemeral = try privateKey(hex: vector.string("e.priv"))
            #expect(local.publicKey.compressed == (try vector.hex("ls.pub")), "\(name)")
            #expect(ephemeral.publicKey.compressed == (try vector.hex("e.pub")), "\(name)")
            let responder = try HandshakeState(
                role: .responder, pattern: .xk, protocolName: Self.protocolName, prologue: Self.prologue,
                localStatic: local, remoteStatic: nil, ephemeral: ephemeral)
            let failure = vector["error"] as? String
            #expect(responder.progress == .readNext(messageIndex: 0))

            let act1 = try vector.hex("act1.input")
            if let failure, failure.hasPrefix("ACT1") {
                let expected = try #require(Self.expectedError(failure, message: act1), "\(name)")
                #expect(throws: expected, "\(name)") { try responder.readMessage(act1) }
                #expect(responder.progress == .failed)
                continue
            }
            #expect(try responder.readMessage(act1) == [], "\(name)")
            #expect(try responder.writeMessage() == vector.hex("act2.output"), "\(name)")

            let act3 = try vector.hex("act3.input")
            if let failure {
                let expected = try #require(Self.expectedError(failure, message: act3), "\(name)")
                #expect(throws: expected, "\(name)") { try responder.readMessage(act3) }
                #expect(responder.progress == .failed)
                #expect(throws: HandshakeError.outOfTurn(.failed)) { try responder.split() }
                continue
            }
            #expect(try responder.readMessage(act3) == [], "\(name)")
            #expect(responder.progress == .complete)
            let keys = try responder.split()
            #expect(keys.remoteStatic.compressed == (try vector.hex("rs")))
            #expect(bytes(keys.receiveKey) == (try vector.hex("rk")))
            #expect(bytes(keys.sendKey) == (try vector.hex("sk")))
        }
    }

    @Test func messageEncryptionVectors() throws {
        let file = try loadVectorJSON("bolt8-transport.json")
        guard let test = file["message"] as? [String: Any], let outputs = test["outputs"] as? [String: String] else {
            throw VectorFileError.missing("message")
        }
        let chainingKey = try SymmetricKey(copying: test.hex("ck"))
        let sendKey = try SymmetricKey(copying: test.hex("sk"))
        let plaintext = try test.hex("plaintext")
        #expect(plaintext == Array("hello".utf8))
        var sender = Bolt8StreamCipher(key: sendKey, chainingKey: chainingKey)
        var receiver = Bolt8StreamCipher(key: sendKey, chainingKey: chainingKey)
        var checked = 0
        for index in 0...1001 {
            let wire = try sender.seal(plaintext)
            #expect(wire.count == 18 + 5 + 16)
            if let expected = outputs[String(index)] {
                #expect(Hex.encode(wire) == expected, "output \(index)")
                checked += 1
            }
            // The receiving side with the same key follows the same rotations.
            let length = try receiver.openLength(Array(wire[0..<18]))
            #expect(length == 5)
            #expect(try receiver.openBody(Array(wire[18...])) == plaintext)
        }
        #expect(checked == 6)
    }

    @Test func streamRejectsTamperingAndOversize() throws {
        let key = SymmetricKey.random(), ck = SymmetricKey.random()
        var sender = Bolt8StreamCipher(key: key, chainingKey: ck)
        var receiver = Bolt8StreamCipher(key: key, chainingKey: ck)
        var wire = try sender.seal([1, 2, 3])
        wire[0] ^= 1
        #expect(throws: Bolt8StreamError.authenticationFailed) { try receiver.openLength(Array(wire[0..<18])) }
        #expect(receiver.nonce == 0)
        wire[0] ^= 1
        #expect(try receiver.openLength(Array(wire[0..<18])) == 3)
        var body = Array(wire[18...])
        body[body.count - 1] ^= 0x80
        #expect(throws: Bolt8StreamError.authenticationFailed) { try receiver.openBody(body) }
        #expect(throws: Bolt8StreamError.badLength(expected: 18, got: 17)) { try receiver.openLength(Array(wire[0..<17])) }
        #expect(throws: Bolt8StreamError.badLength(expected: 16, got: 3)) { try receiver.openBody([1, 2, 3]) }
        #expect(throws: Bolt8StreamError.messageTooLong(maximum: 65535, got: 65536)) {
            try sender.seal([UInt8](repeating: 0, count: 65536))
        }
        #expect(try sender.seal([UInt8](repeating: 7, count: 65535)).count == 18 + 65535 + 16)
    }
}
