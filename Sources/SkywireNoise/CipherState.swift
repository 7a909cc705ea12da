import SkywireCrypto

/// Noise `CipherState` (spec rev 34, §5.1): an optional key `k` and a 64-bit nonce `n`,
/// with ChaCha20-Poly1305 and the nonce `0x00000000 ‖ LE64(n)`.
///
/// Non-copyable: a copy would reuse nonces under the same key.
public struct CipherState: ~Copyable {
    /// Noise reserves the all-ones nonce; using it is an error.
    public static let maximumNonce = UInt64.max

    private(set) var key: SymmetricKey?
    /// The nonce the next encryption or decryption uses.
    public private(set) var nonce: UInt64 = 0

    /// An empty cipher state: `EncryptWithAd` returns the plaintext unchanged.
    public init() {}

    /// `InitializeKey(k)`: a new key and `n = 0`.
    public mutating func initializeKey(_ key: SymmetricKey?) {
        self.key = key
        nonce = 0
    }

    /// `HasKey()`.
    public var hasKey: Bool { key != nil }

    /// `EncryptWithAd(ad, plaintext)`: `ciphertext ‖ tag` under `(k, n)`, then `n += 1`;
    /// the plaintext itself if there is no key.
    public mutating func encryptWithAd(_ associatedData: [UInt8], _ plaintext: [UInt8]) throws(HandshakeError) -> [UInt8] {
        guard let key else { return plaintext }
        guard nonce < Self.maximumNonce else { throw .nonceExhausted }
        let sealed = ChaChaPoly.seal(key: key, counter: nonce, associatedData: associatedData, plaintext: plaintext)
        nonce += 1
        return sealed
    }

    /// `DecryptWithAd(ad, ciphertext)`: the plaintext, then `n += 1`; the ciphertext itself if
    /// there is no key. A failed tag leaves `n` unchanged and throws `.authenticationFailed`.
    public mutating func decryptWithAd(_ associatedData: [UInt8], _ ciphertext: [UInt8]) throws(HandshakeError) -> [UInt8] {
        guard let key else { return ciphertext }
        guard nonce < Self.maximumNonce else { throw .nonceExhausted }
        let plaintext: [UInt8]
        do {
            plaintext = try ChaChaPoly.open(key: key, counter: nonce, associatedData: associatedData, sealed: ciphertext)
        } catch {
            throw .authenticationFailed
        }
        nonce += 1
        return plaintext
    }

    /// Forgets the key (its memory is wiped once no other reference holds it).
    public mutating func clear() {
        key = nil
        nonce = 0
    }
}
