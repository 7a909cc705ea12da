import Foundation
import Testing
@testable import SkywireCrypto

@Suite struct Secp256k1Tests {
    static let order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"

    @Test func ecdhIsSymmetric() {
        for _ in 0..<8 {
            let a = PrivateKey.generate(), b = PrivateKey.generate()
            let ab = a.sharedSecret(with: b.publicKey), ba = b.sharedSecret(with: a.publicKey)
            #expect(ab.secret.constantTimeEquals(ba.secret))
            #expect(!ab.secret.constantTimeEquals(a.sharedSecret(with: PrivateKey.generate().publicKey).secret))
        }
    }

    @Test func ecdhIsSHA256OfTheCompressedPoint() throws {
        // BOLT 8 Appendix A, act one: ECDH(rs, e.priv).
        let e = try PrivateKey(bytes: [UInt8](repeating: 0x12, count: 32))
        let rs = try PublicKey(compressed: Hex.decode("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7")!)
        #expect(Hex.encode(e.sharedSecret(with: rs).secret.exportedBytes())
                == "1e2fb3c8fe8fb9f262f649f64d26ecf0f2c0a805a767cf02dc2d77a6ef1fdcc3")
        #expect(e.publicKey.hexString == "036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f7")
    }

    @Test func schnorrSignAndVerify() {
        let key = PrivateKey.generate()
        let message = Array("skywire".utf8)
        let signature = key.signSchnorr(message: message)
        #expect(signature.count == 64)
        #expect(key.publicKey.verifySchnorr(signature: signature, message: message))
        // A flipped bit anywhere in the signature or the message fails.
        for bit in [0, 100, 255, 256, 400, 511] {
            var bad = signature
            bad[bit / 8] ^= UInt8(1 << (bit % 8))
            #expect(!key.publicKey.verifySchnorr(signature: bad, message: message), "bit \(bit)")
        }
        #expect(!key.publicKey.verifySchnorr(signature: signature, message: Array("skywirf".utf8)))
        #expect(!PrivateKey.generate().publicKey.verifySchnorr(signature: signature, message: message))
        #expect(!key.publicKey.verifySchnorr(signature: Array(signature.dropLast()), message: message))
        #expect(!key.publicKey.verifySchnorr(signature: signature + [0], message: message))
        #expect(!key.publicKey.verifySchnorr(signature: [], message: message))
        // Empty and long messages are fine (BIP-340 allows any length).
        #expect(key.publicKey.verifySchnorr(signature: key.signSchnorr(message: []), message: []))
        let long = [UInt8](repeating: 0xab, count: 1000)
        #expect(key.publicKey.verifySchnorr(signature: key.signSchnorr(message: long), message: long))
    }

    struct BIP340Vector {
        let index: Int, secretKey: [UInt8]?, publicKeyX: [UInt8], message: [UInt8], signature: [UInt8]
        let valid: Bool, comment: String
    }

    static func bip340Vectors(filePath: String = #filePath) throws -> [BIP340Vector] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/bip340-test-vectors.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return try lines.map { line in
            let f = line.split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 7, let index = Int(f[0]), let pk = Hex.decode(f[2]), let msg = Hex.decode(f[4]),
                  let sig = Hex.decode(f[5]) else { throw CocoaError(.fileReadCorruptFile) }
            return BIP340Vector(index: index, secretKey: f[1].isEmpty ? nil : Hex.decode(f[1]), publicKeyX: pk,
                                message: msg, signature: sig, valid: f[6] == "TRUE", comment: f.count > 7 ? f[7] : "")
        }
    }

    @Test func bip340OfficialVerificationVectors() throws {
        let vectors = try Self.bip340Vectors()
        #expect(vectors.count == 15)
        for v in vectors {
            // Our PublicKey is compressed: use the even-y form of the x-only key.
            let key: PublicKey
            do {
                key = try PublicKey(compressed: [0x02] + v.publicKeyX)
            } catch {
                #expect(!v.valid && v.comment.contains("public key"), "vector \(v.index): \(error)")
                #expect(error == .invalidPublicKey)
                continue
            }
            #expect(key.verifySchnorr(signature: v.signature, message: v.message) == v.valid, "vector \(v.index)")
            if let secret = v.secretKey {
                let privateKey = try PrivateKey(bytes: secret)
                #expect(privateKey.publicKey.xOnly == v.publicKeyX, "vector \(v.index)")
                let fresh = privateKey.signSchnorr(message: v.message)  // random aux: differs from the vector's
                #expect(key.verifySchnorr(signature: fresh, message: v.message), "vector \(v.index)")
            }
        }
    }

    @Test func invalidPublicKeysAreErrorsNotTraps() throws {
        let valid = PrivateKey.generate().publicKey.compressed
        let notOnCurve = [0x02] + Hex.decode("EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34")!
        let beyondField = [0x02] + Hex.decode("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC30")!
        for bytes in [notOnCurve, beyondField, [0x04] + valid.dropFirst(), [0x00] + valid.dropFirst(),
                      [0x05] + valid.dropFirst(), [UInt8](repeating: 0, count: 33)] {
            #expect(throws: CryptoError.invalidPublicKey) { try PublicKey(compressed: bytes) }
        }
        for count in [0, 1, 32, 34, 65] {
            let bytes = Array(([0x02] + valid.dropFirst() + [UInt8](repeating: 0x01, count: 32)).prefix(count))
            #expect(throws: CryptoError.invalidLength(expected: 33, got: count)) { try PublicKey(compressed: bytes) }
        }
        #expect(try PublicKey(compressed: valid).compressed == valid)
    }

    @Test func invalidPrivateKeysAreRejected() throws {
        #expect(throws: CryptoError.invalidPrivateKey) { try PrivateKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: CryptoError.invalidPrivateKey) { try PrivateKey(bytes: Hex.decode(Self.order)!) }
        #expect(throws: CryptoError.invalidPrivateKey) { try PrivateKey(bytes: [UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: CryptoError.invalidLength(expected: 32, got: 31)) { try PrivateKey(bytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoError.invalidLength(expected: 32, got: 33)) { try PrivateKey(bytes: [UInt8](repeating: 1, count: 33)) }
        // n − 1 and 1 are the extremes of the valid range.
        var nMinusOne = Hex.decode(Self.order)!
        nMinusOne[31] -= 1
        _ = try PrivateKey(bytes: nMinusOne)
        let one = try PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [1])
        #expect(one.publicKey.hexString == "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")  // G
    }
}
