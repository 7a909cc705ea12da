import SkywireCrypto
import Testing
@testable import SkywireIdentity

/// The key file text format on its own, without I/O.
@Suite struct KeyFileFormatTests {
    private func parse(_ bytes: [UInt8], kind: KeyKind? = nil) throws(KeyFileError) -> Identity {
        let result: Result<Identity, KeyFileError> = bytes.withUnsafeBytes { b in
            Result { () throws(KeyFileError) in try KeyFileFormat.parse(b, path: "test.key", expecting: kind) }
        }
        return try result.get()
    }

    @Test(arguments: KeyKind.allCases)
    func serializeThenParse(_ kind: KeyKind) throws {
        let identity = Identity.generate(kind: kind)
        let bytes = KeyFileFormat.serialize(identity).exportedBytes()
        let parsed = try parse(bytes, kind: kind)
        #expect(parsed.publicKey == identity.publicKey)
        #expect(parsed.kind == kind)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[3] == "public \(identity.address.text)")
    }

    /// Random damage never crashes the parser: every result is a key or a KeyFileError, and a
    /// parsed key is always the original one (damage inside the comment line is harmless).
    @Test func randomDamageIsAlwaysAnErrorOrTheSameKey() {
        var rng = SystemRandomNumberGenerator()
        let identity = Identity.generate(kind: .node)
        let original = KeyFileFormat.serialize(identity).exportedBytes()
        for _ in 0..<5000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
                }
                if bytes.isEmpty { break }
            }
            do {
                let parsed = try parse(bytes)
                #expect(parsed.publicKey == identity.publicKey)
            } catch {
                #expect(!error.description.contains("\n"))
            }
        }
        for length in [0, 1, 2, 100, 4096] {
            let noise = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(throws: KeyFileError.self) { try parse(noise) }
        }
    }
}
