/// A 256-bit symmetric key (ChaCha20-Poly1305, ChaCha20, HMAC-SHA256 chaining keys).
public struct SymmetricKey: Sendable {
    public static let byteCount = 32
    public let secret: SecretBytes

    public init(secret: SecretBytes) throws(CryptoError) {
        guard secret.count == Self.byteCount else {
            throw .invalidLength(expected: Self.byteCount, got: secret.count)
        }
        self.secret = secret
    }

    public init(copying bytes: [UInt8]) throws(CryptoError) {
        try self.init(secret: SecretBytes(copying: bytes))
    }

    public init(copying bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        try self.init(secret: SecretBytes(copying: bytes))
    }

    /// A fresh random key.
    public static func random() -> SymmetricKey {
        // swiftlint:disable:next force_try
        try! SymmetricKey(secret: SecretBytes(randomCount: byteCount))  // length is right by construction
    }

    /// 32 zero bytes (Noise's "empty" key used for HKDF with an all-zero input).
    public static func zero() -> SymmetricKey {
        try! SymmetricKey(secret: SecretBytes(zeroedCount: byteCount))  // length is right by construction
    }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try secret.withUnsafeBytes(body)
    }
}
