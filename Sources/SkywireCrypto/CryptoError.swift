/// Every way a crypto primitive can refuse its input. Primitives never trap on bad input.
public enum CryptoError: Error, Equatable, Sendable {
    /// A byte string had the wrong length for its role.
    case invalidLength(expected: Int, got: Int)
    /// 32 bytes that are not a valid secp256k1 secret scalar (zero or >= the group order).
    case invalidPrivateKey
    /// Bytes that do not parse as a compressed secp256k1 point on the curve.
    case invalidPublicKey
    /// A tweak that would produce an invalid key (zero, or >= the group order).
    case invalidTweak
    /// AEAD tag check failed: wrong key, wrong nonce, wrong associated data or tampered bytes.
    case authenticationFailed
    /// A buffer passed for output was too small.
    case bufferTooSmall(needed: Int, got: Int)
    /// libsodium could not be initialised (no usable randomness source).
    case libraryUnavailable
}
