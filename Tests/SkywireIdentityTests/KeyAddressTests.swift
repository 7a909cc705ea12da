import SkywireCrypto
import Testing
@testable import SkywireIdentity

/// The text form of keys: round trips, and that typos are refused rather than misread.
@Suite struct KeyAddressTests {
    /// Two fresh keys of every kind.
    static let samples: [KeyAddress] = KeyKind.allCases.flatMap { kind in
        (0..<2).map { _ in KeyAddress(kind: kind, publicKey: PrivateKey.generate().publicKey) }
    }

    /// Every printable ASCII character, a space, a tab and a non-ASCII letter.
    static let replacements: [Character] =
        (33...126).map { Character(Unicode.Scalar(UInt8($0))) } + [" ", "\t", "é"]

    @Test(arguments: KeyKind.allCases)
    func roundTrips(_ kind: KeyKind) throws {
        let key = PrivateKey.generate().publicKey
        let address = KeyAddress(kind: kind, publicKey: key)
        let text = address.text
        #expect(text.count == KeyAddress.textLength)
        #expect(text.hasPrefix(kind.textPrefix + "1"))
        #expect(text == text.lowercased())
        #expect(try KeyAddress(parsing: text) == address)
        #expect(try KeyAddress(parsing: text, as: kind).publicKey == key)
        // All upper case is the same key (BIP-173); mixed case is not accepted.
        #expect(try KeyAddress(parsing: text.uppercased()) == address)
    }

    @Test func prefixesAreDistinct() {
        let prefixes = Set(KeyKind.allCases.map(\.textPrefix))
        #expect(prefixes.count == KeyKind.allCases.count)
        for kind in KeyKind.allCases { #expect(KeyKind(textPrefix: kind.textPrefix) == kind) }
        #expect(KeyKind(textPrefix: "bc") == nil)
    }

    @Test func wrongKindIsRefused() throws {
        let address = KeyAddress(kind: .service, publicKey: PrivateKey.generate().publicKey)
        #expect(throws: AddressError.wrongKind(expected: .node, found: .service)) {
            try KeyAddress(parsing: address.text, as: .node)
        }
    }

    @Test(arguments: samples)
    func everySingleSubstitutionIsRefused(_ address: KeyAddress) {
        let original = Array(address.text)
        var tried = 0
        for position in original.indices {
            for replacement in Self.replacements where replacement != original[position] {
                var typo = original
                typo[position] = replacement
                let text = String(typo)
                #expect(throws: AddressError.self, "substitution at \(position): \(text)") {
                    try KeyAddress(parsing: text)
                }
                tried += 1
            }
        }
        #expect(tried == original.count * (Self.replacements.count - 1))
    }

    @Test(arguments: samples)
    func everyAdjacentSwapIsRefused(_ address: KeyAddress) {
        let original = Array(address.text)
        for position in 0..<(original.count - 1) where original[position] != original[position + 1] {
            var typo = original
            typo.swapAt(position, position + 1)
            #expect(throws: AddressError.self, "swap at \(position)") { try KeyAddress(parsing: String(typo)) }
        }
    }

    @Test(arguments: samples)
    func everyDeletionAndInsertionIsRefused(_ address: KeyAddress) {
        let original = Array(address.text)
        for position in original.indices {
            var shorter = original
            shorter.remove(at: position)
            #expect(throws: AddressError.self) { try KeyAddress(parsing: String(shorter)) }
        }
        for position in 0...original.count {
            for char in Bech32m.alphabet.map({ Character(Unicode.Scalar($0)) }) {
                var longer = original
                longer.insert(char, at: position)
                #expect(throws: AddressError.self) { try KeyAddress(parsing: String(longer)) }
            }
        }
    }

    /// Bech32m detects any four substitutions within the alphabet; sample many such typos.
    @Test func multipleSubstitutionsAreRefused() {
        var rng = SystemRandomNumberGenerator()
        let original = Array(KeyAddress(kind: .node, publicKey: PrivateKey.generate().publicKey).text)
        let alphabet = Bech32m.alphabet.map { Character(Unicode.Scalar($0)) }
        for _ in 0..<3000 {
            var typo = original
            let errors = Int.random(in: 2...4, using: &rng)
            var positions = Set<Int>()
            while positions.count < errors { positions.insert(Int.random(in: 4..<original.count, using: &rng)) }
            for position in positions {
                var char = original[position]
                while char == original[position] { char = alphabet.randomElement(using: &rng)! }
                typo[position] = char
            }
            #expect(throws: AddressError.checksumMismatch) { try KeyAddress(parsing: String(typo)) }
        }
    }

    @Test func bitcoinAddressIsUnknownPrefix() {
        // A valid bech32m string whose prefix is no key kind's.
        #expect(throws: AddressError.unknownPrefix("bc")) {
            try KeyAddress(parsing: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0")
        }
    }

    @Test func wrongLengthIsRefused() {
        for count in [0, 1, 32, 34, 40] {
            let bytes = [UInt8](repeating: 2, count: count)
            let text = Bech32m.encode(prefix: "skn", data: Bech32m.fiveBitGroups(from: bytes))
            #expect(throws: AddressError.invalidLength(expected: 33, got: count)) { try KeyAddress(parsing: text) }
        }
    }

    @Test func pointsOffTheCurveAreRefused() throws {
        // About half of all x values are not on the curve; take the first small one.
        var offCurve = [UInt8](repeating: 0, count: 33)
        offCurve[0] = 0x02
        for x in UInt8(1)...UInt8(64) {
            offCurve[32] = x
            if (try? PublicKey(compressed: offCurve)) == nil { break }
        }
        #expect(throws: CryptoError.self) { try PublicKey(compressed: offCurve) }
        var uncompressedPrefix = PrivateKey.generate().publicKey.compressed
        uncompressedPrefix[0] = 0x04
        for bytes in [offCurve, uncompressedPrefix, [UInt8](repeating: 0, count: 33)] {
            let text = Bech32m.encode(prefix: "sks", data: Bech32m.fiveBitGroups(from: bytes))
            #expect(throws: AddressError.notOnCurve) { try KeyAddress(parsing: text) }
        }
    }

    @Test func nonZeroPaddingIsRefused() {
        var groups = Bech32m.fiveBitGroups(from: PrivateKey.generate().publicKey.compressed)
        groups[groups.count - 1] |= 1  // the last group carries one padding bit
        let text = Bech32m.encode(prefix: "sku", data: groups)
        #expect(throws: AddressError.invalidPadding) { try KeyAddress(parsing: text) }
    }

    @Test func mixedCaseIsRefused() {
        let text = KeyAddress(kind: .user, publicKey: PrivateKey.generate().publicKey).text
        let mixed = text.prefix(10) + text.dropFirst(10).uppercased()
        #expect(throws: AddressError.mixedCase) { try KeyAddress(parsing: String(mixed)) }
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [AddressError] = [
            .tooLong(length: 99), .invalidCharacter(position: 4), .mixedCase,
            .missingSeparator, .emptyPrefix, .checksumTooShort, .checksumMismatch, .unknownPrefix("bc"),
            .wrongKind(expected: .node, found: .user), .invalidLength(expected: 33, got: 2),
            .invalidPadding, .notOnCurve,
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
        }
    }
}
