import Testing
@testable import SkywireIdentity

/// The checksum layer against BIP-350's own test vectors.
@Suite struct Bech32mTests {
    /// BIP-350 "valid Bech32m" strings, plus the segwit v1+ addresses (valid bech32m at this layer).
    static let valid = [
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "BC1SW50QGDZ25J",
        "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    ]

    /// BIP-350 "not valid Bech32m" strings, and strings that carry a bech32 (not bech32m) checksum.
    static let invalid: [(String, AddressError)] = [
        ("\u{20}1xj0phk", .invalidCharacter(position: 0)),
        ("\u{7F}1g6xzxy", .invalidCharacter(position: 0)),
        ("\u{80}1vctc34", .invalidCharacter(position: 0)),
        ("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
         .tooLong(length: 91)),
        ("qyrz8wqd2c9m", .missingSeparator),
        ("1qyrz8wqd2c9m", .emptyPrefix),
        ("y1b0jsk6g", .invalidCharacter(position: 2)),
        ("lt1igcx5c0", .invalidCharacter(position: 3)),
        ("in1muywd", .checksumTooShort),
        ("mm1crxm3i", .invalidCharacter(position: 8)),
        ("au1s5cgom", .invalidCharacter(position: 7)),
        ("M1VUXWEZ", .checksumMismatch),
        ("16plkw9", .emptyPrefix),
        ("1p2gdwpf", .emptyPrefix),
        // Segwit strings with a bech32 checksum: bech32m must reject them.
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", .checksumMismatch),
        ("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", .checksumMismatch),
        ("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", .checksumMismatch),
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", .checksumMismatch),
        ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", .checksumMismatch),
        ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", .invalidCharacter(position: 59)),
        ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", .mixedCase),
        ("", .missingSeparator),
    ]

    @Test(arguments: valid)
    func acceptsValid(_ text: String) throws {
        let (prefix, data) = try Bech32m.decode(text)
        // Re-encoding gives the lower-case form back.
        #expect(Bech32m.encode(prefix: prefix, data: data) == text.lowercased())
    }

    @Test(arguments: invalid)
    func rejectsInvalid(_ text: String, _ expected: AddressError) {
        #expect(throws: expected) { try Bech32m.decode(text) }
    }

    @Test func regroupingRoundTrips() throws {
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let groups = Bech32m.fiveBitGroups(from: bytes)
            #expect(groups.count == (count * 8 + 4) / 5)
            #expect(try Bech32m.bytes(fromFiveBitGroups: groups) == bytes)
        }
    }

    @Test func regroupingRejectsBadPadding() {
        // One byte is 8 bits = two groups with 2 padding bits; a set padding bit is refused.
        #expect(throws: AddressError.invalidPadding) { try Bech32m.bytes(fromFiveBitGroups: [0, 1]) }
        // Three groups for one byte: 7 padding bits (more than 4).
        #expect(throws: AddressError.invalidPadding) { try Bech32m.bytes(fromFiveBitGroups: [0, 0, 0]) }
        #expect(throws: AddressError.invalidPadding) { try Bech32m.bytes(fromFiveBitGroups: [32]) }
    }
}
