import Testing
@testable import SkywireCrypto

@Suite struct HashTests {
    static func hex(_ text: String) -> [UInt8] { Hex.decode(text) ?? [] }

    @Test func sha256FIPSVectors() {
        // FIPS 180-2 Appendix B.1 ("abc") and the empty message.
        #expect(Hex.encode(SHA256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(SHA256.hash([]))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Incremental updates give the same digest as one shot.
        var hasher = SHA256()
        hasher.update(Array("a".utf8))
        hasher.update([])
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalize() == SHA256.hash(Array("abc".utf8)))
    }

    @Test func hmacSHA256RFC4231() {
        // RFC 4231 §4.2, test case 1.
        #expect(Hex.encode(HMACSHA256.mac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        // RFC 4231 §4.3, test case 2 (key shorter than the block).
        #expect(Hex.encode(HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // The SymmetricKey initialiser agrees with the raw-bytes one.
        let key = SymmetricKey.random()
        var viaKey = HMACSHA256(key: key)
        viaKey.update(Array("m".utf8))
        #expect(viaKey.finalize() == HMACSHA256.mac(key: key.secret.exportedBytes(), message: Array("m".utf8)))
    }

    @Test func hkdfMatchesIndependentComputation() throws {
        // Expected values computed once with Python's hmac/hashlib (RFC 5869 extract-then-expand,
        // empty info):
        //   prk = hmac.new(salt, ikm, sha256).digest(); t_i = hmac.new(prk, t_{i-1} + bytes([i]), sha256)
        // with salt = bytes(range(32)), ikm = b"skywire hkdf test input".
        let salt = try SymmetricKey(copying: (0..<32).map { UInt8($0) })
        let outputs = HKDF.derive(salt: salt, ikm: Array("skywire hkdf test input".utf8), count: 3)
        #expect(outputs.map { Hex.encode($0.secret.exportedBytes()) } == [
            "844c52f659159c593de797bb6e64234e38debb5936732534383275a825d252f7",
            "aa9690e5a65f0cbf6c1c7079c3b13c257fb4df8ed87658c77472d84630002094",
            "5147650274b96aa2adb9831a8287eb6ddff87500f2560b7dff823f737b790bf2",
        ])
        let (a, b, c) = Array("skywire hkdf test input".utf8).withUnsafeBytes { HKDF.derive3(salt: salt, ikm: $0) }
        #expect([a, b, c].map { $0.secret.exportedBytes() } == outputs.map { $0.secret.exportedBytes() })

        // Split-style call: zero salt, empty input (same Python, salt = bytes(32), ikm = b"").
        let (k1, k2) = HKDF.derive2(salt: .zero(), ikm: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(Hex.encode(k1.secret.exportedBytes()) == "eb70f01dede9afafa449eee1b1286504e1f62388b3f7dd4f956697b0e828fe18")
        #expect(Hex.encode(k2.secret.exportedBytes()) == "1e59c2ec0fe6e7e7ac2613b6ab65342a83379969da234240cded3777914db907")

        // RFC 5869 test case 3 (empty salt ≡ 32 zero bytes under HMAC, empty info): first 42 bytes.
        let rfc = HKDF.derive(salt: .zero(), ikm: [UInt8](repeating: 0x0b, count: 22), count: 2)
        let okm = Array((rfc[0].secret.exportedBytes() + rfc[1].secret.exportedBytes())[0..<42])
        #expect(Hex.encode(okm) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }

    @Test func hexDecodingIsTotal() {
        #expect(Hex.decode("0x0aFf") == [0x0a, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }
}
