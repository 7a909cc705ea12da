public import SkywireCrypto

/// A public key together with its kind, and its text form.
///
/// The text form is bech32m (BIP-350) with the kind's prefix (``KeyKind/textPrefix``) over the
/// 33-byte compressed point, e.g. `skn1q...` (63 characters). The checksum detects any four
/// substituted characters and, with overwhelming probability, other typos; a typo in the prefix
/// is caught too because the prefix is covered by the checksum. Encoders write lower case;
/// decoders also accept all upper case (for QR codes), never mixed case.
public struct KeyAddress: Hashable, Sendable, CustomStringConvertible {
    /// Characters in the text form: 3 prefix + 1 separator + 53 data + 6 checksum.
    public static let textLength = 63

    public let kind: KeyKind
    public let publicKey: PublicKey

    public init(kind: KeyKind, publicKey: PublicKey) {
        self.kind = kind
        self.publicKey = publicKey
    }

    /// Parses a text form of any kind.
    public init(parsing text: String) throws(AddressError) {
        let (prefix, data) = try Bech32m.decode(text)
        guard let kind = KeyKind(textPrefix: prefix) else { throw .unknownPrefix(prefix) }
        let bytes = try Bech32m.bytes(fromFiveBitGroups: data)
        guard bytes.count == PublicKey.byteCount else {
            throw .invalidLength(expected: PublicKey.byteCount, got: bytes.count)
        }
        do {
            self.publicKey = try PublicKey(compressed: bytes)
        } catch {
            throw .notOnCurve
        }
        self.kind = kind
    }

    /// Parses a text form that must be of `kind`.
    public init(parsing text: String, as kind: KeyKind) throws(AddressError) {
        try self.init(parsing: text)
        guard self.kind == kind else { throw .wrongKind(expected: kind, found: self.kind) }
    }

    /// The lower-case bech32m text form.
    public var text: String {
        Bech32m.encode(prefix: kind.textPrefix, data: Bech32m.fiveBitGroups(from: publicKey.compressed))
    }

    public var description: String { text }
}
