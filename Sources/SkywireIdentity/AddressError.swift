/// Every way the text form of a key (bech32m, BIP-350) can be refused.
///
/// The first group of cases belongs to the generic bech32m layer (``Bech32m``); the rest to
/// the key text form (``KeyAddress``). Each `description` is one line.
public enum AddressError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Longer than bech32's 90-character limit.
    case tooLong(length: Int)
    /// A character outside printable ASCII, or (in the data part) outside the bech32 alphabet.
    /// `position` counts UTF-8 bytes from 0.
    case invalidCharacter(position: Int)
    /// Upper- and lower-case letters mixed in one string.
    case mixedCase
    /// No `1` between the prefix and the data.
    case missingSeparator
    /// Nothing before the separator.
    case emptyPrefix
    /// Fewer than six characters after the separator.
    case checksumTooShort
    /// The bech32m checksum does not match: a typo, or the text is not bech32m at all.
    case checksumMismatch
    /// The prefix is not one of the key kinds' prefixes (see ``KeyKind/textPrefix``).
    case unknownPrefix(String)
    /// A valid key of another kind than the one asked for.
    case wrongKind(expected: KeyKind, found: KeyKind)
    /// The data part does not hold exactly 33 bytes.
    case invalidLength(expected: Int, got: Int)
    /// Non-zero or over-long padding in the 5-bit to 8-bit conversion.
    case invalidPadding
    /// 33 bytes that are not a compressed point on secp256k1.
    case notOnCurve

    public var description: String {
        switch self {
        case .tooLong(let length): "key text too long (\(length) characters, at most 90)"
        case .invalidCharacter(let position): "invalid character at position \(position + 1) of key text"
        case .mixedCase: "key text mixes upper and lower case"
        case .missingSeparator: "key text has no '1' separator after its prefix"
        case .emptyPrefix: "key text has an empty prefix"
        case .checksumTooShort: "key text checksum too short"
        case .checksumMismatch: "key text checksum does not match (typo?)"
        case .unknownPrefix(let prefix): "unknown key text prefix '\(prefix)' (expected skn, sks or sku)"
        case .wrongKind(let expected, let found): "key text is a \(found) key, expected a \(expected) key"
        case .invalidLength(let expected, let got): "key text holds \(got) bytes, expected \(expected)"
        case .invalidPadding: "key text has invalid padding bits"
        case .notOnCurve: "key text does not encode a valid secp256k1 public key"
        }
    }
}
