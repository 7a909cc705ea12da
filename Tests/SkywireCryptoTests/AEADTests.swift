import Testing
@testable import SkywireCrypto

@Suite struct AEADTests {
    static func hex(_ text: String) -> [UInt8] { Hex.decode(text) ?? [] }

    // RFC 8439 §2.8.2.
    static let key = try! SymmetricKey(copying: (0x80...0x9f).map { UInt8($0) })
    static let nonce = hex("07000000" + "4041424344454647")
    static let aad = hex("50515253c0c1c2c3c4c5c6c7")
    static let plaintext = Array(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
    static let ciphertext = hex(
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
        + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
        + "3ff4def08e4b7a9de576d26586cec64b6116")
    static let tag = hex("1ae10b594f09e26a7e902ecbd0600691")

    @Test func rfc8439AEADVector() throws {
        let sealed = try ChaChaPoly.seal(key: Self.key, rawNonce: Self.nonce, associatedData: Self.aad, plaintext: Self.plaintext)
        #expect(sealed == Self.ciphertext + Self.tag)
        #expect(try ChaChaPoly.open(key: Self.key, rawNonce: Self.nonce, associatedData: Self.aad, sealed: sealed) == Self.plaintext)
        #expect(throws: CryptoError.invalidLength(expected: 12, got: 11)) {
            try ChaChaPoly.seal(key: Self.key, rawNonce: Array(Self.nonce.dropLast()), associatedData: [], plaintext: [])
        }
    }

    @Test func rfc8439TamperingIsRejected() throws {
        let sealed = Self.ciphertext + Self.tag
        var badCiphertext = sealed
        badCiphertext[5] ^= 0x01
        var badTag = sealed
        badTag[sealed.count - 1] ^= 0x80
        var badAAD = Self.aad
        badAAD[0] ^= 0x01
        for (bytes, ad) in [(badCiphertext, Self.aad), (badTag, Self.aad), (sealed, badAAD)] {
            #expect(throws: CryptoError.authenticationFailed) {
                try ChaChaPoly.open(key: Self.key, rawNonce: Self.nonce, associatedData: ad, sealed: bytes)
            }
        }
    }

    @Test func counterNonceIsFourZeroBytesAndLittleEndianCounter() throws {
        let counter: UInt64 = 0x0102_0304_0506_0708
        let raw: [UInt8] = [0, 0, 0, 0, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01]
        let viaCounter = ChaChaPoly.seal(key: Self.key, counter: counter, associatedData: Self.aad, plaintext: Self.plaintext)
        let viaRaw = try ChaChaPoly.seal(key: Self.key, rawNonce: raw, associatedData: Self.aad, plaintext: Self.plaintext)
        #expect(viaCounter == viaRaw)
    }

    @Test func counterAPIRejectsTamperedCiphertextTagAndAAD() throws {
        let key = SymmetricKey.random()
        let message = Array("attack at dawn".utf8), ad = Array("header".utf8)
        let sealed = ChaChaPoly.seal(key: key, counter: 7, associatedData: ad, plaintext: message)
        #expect(try ChaChaPoly.open(key: key, counter: 7, associatedData: ad, sealed: sealed) == message)
        var flipped = sealed
        flipped[0] ^= 1
        #expect(throws: CryptoError.authenticationFailed) { try ChaChaPoly.open(key: key, counter: 7, associatedData: ad, sealed: flipped) }
        flipped = sealed
        flipped[flipped.count - 1] ^= 1
        #expect(throws: CryptoError.authenticationFailed) { try ChaChaPoly.open(key: key, counter: 7, associatedData: ad, sealed: flipped) }
        #expect(throws: CryptoError.authenticationFailed) { try ChaChaPoly.open(key: key, counter: 7, associatedData: ad + [0], sealed: sealed) }
        #expect(throws: CryptoError.authenticationFailed) { try ChaChaPoly.open(key: key, counter: 8, associatedData: ad, sealed: sealed) }
        #expect(throws: CryptoError.authenticationFailed) {
            try ChaChaPoly.open(key: .random(), counter: 7, associatedData: ad, sealed: sealed)
        }
        #expect(throws: CryptoError.invalidLength(expected: 16, got: 15)) {
            try ChaChaPoly.open(key: key, counter: 7, associatedData: ad, sealed: Array(sealed[0..<15]))
        }
        // Empty plaintext: tag only.
        let empty = ChaChaPoly.seal(key: key, counter: 0, associatedData: [], plaintext: [])
        #expect(empty.count == 16)
        #expect(try ChaChaPoly.open(key: key, counter: 0, associatedData: [], sealed: empty) == [])
    }

    @Test func inPlaceOpenZeroesBufferOnFailure() throws {
        let key = SymmetricKey.random()
        var buffer: [UInt8] = Array("payload".utf8)
        var tag = [UInt8](repeating: 0, count: 16)
        buffer.withUnsafeMutableBytes { b in
            tag.withUnsafeMutableBytes { t in
                ChaChaPoly.sealInPlace(key: key, counter: 1, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), buffer: b, tag: t)
            }
        }
        let ciphertext = buffer
        tag[3] ^= 1
        let failed: Bool = buffer.withUnsafeMutableBytes { b in
            tag.withUnsafeBytes { t in
                (try? ChaChaPoly.openInPlace(key: key, counter: 1, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), buffer: b, tag: t)) == nil
            }
        }
        #expect(failed)
        // libsodium clears the output on a failed tag: no unauthenticated plaintext, no ciphertext.
        #expect(buffer == [UInt8](repeating: 0, count: ciphertext.count))
    }

    @Test func symmetricKeyLength() {
        #expect(throws: CryptoError.invalidLength(expected: 32, got: 31)) { try SymmetricKey(copying: [UInt8](repeating: 1, count: 31)) }
        #expect(SymmetricKey.zero().secret.exportedBytes() == [UInt8](repeating: 0, count: 32))
    }
}
