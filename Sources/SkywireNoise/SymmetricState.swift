import SkywireCrypto

/// Noise `SymmetricState` (spec rev 34, §5.2) with SHA-256 and BOLT 8's HKDF: the chaining key
/// `ck`, the handshake hash `h`, and a `CipherState`.
///
/// Non-copyable: a copy would share and reuse the cipher's nonces.
public struct SymmetricState: ~Copyable {
    /// SHA-256 output length, Noise's `HASHLEN`.
    public static let hashLength = SHA256.byteCount

    /// The chaining key `ck`.
    public private(set) var chainingKey: SymmetricKey
    /// The handshake hash `h`: every byte of the transcript so far, hashed.
    public private(set) var handshakeHash: [UInt8]
    private var cipher = CipherState()

    /// `InitializeSymmetric(protocol_name)`: `h` is the name zero-padded to 32 bytes when it fits,
    /// else its SHA-256; `ck = h`; no key.
    public init(protocolName: [UInt8]) {
        var h: [UInt8]
        if protocolName.count <= Self.hashLength {
            h = protocolName + [UInt8](repeating: 0, count: Self.hashLength - protocolName.count)
        } else {
            h = SHA256.hash(protocolName)
        }
        handshakeHash = h
        chainingKey = try! SymmetricKey(copying: h)  // 32 bytes by construction
        ConstantTime.wipe(&h)
    }

    /// Whether the cipher holds a key (`HasKey()`).
    public var hasKey: Bool { cipher.hasKey }

    /// `MixKey(ikm)`: `ck, temp_k = HKDF(ck, ikm)`; the cipher takes `temp_k` with `n = 0`.
    public mutating func mixKey(_ inputKeyMaterial: SymmetricKey) {
        let (ck, tempKey) = inputKeyMaterial.withUnsafeBytes { ikm in
            HKDF.derive2(salt: chainingKey, ikm: ikm)
        }
        chainingKey = ck
        cipher.initializeKey(tempKey)
    }

    /// `MixHash(data)`: `h = SHA-256(h ‖ data)`.
    public mutating func mixHash(_ data: [UInt8]) {
        var hasher = SHA256()
        hasher.update(handshakeHash)
        hasher.update(data)
        handshakeHash = hasher.finalize()
    }

    /// `EncryptAndHash(plaintext)`: encrypt with `h` as associated data, then mix the ciphertext.
    public mutating func encryptAndHash(_ plaintext: [UInt8]) throws(HandshakeError) -> [UInt8] {
        let ciphertext = try cipher.encryptWithAd(handshakeHash, plaintext)
        mixHash(ciphertext)
        return ciphertext
    }

    /// `DecryptAndHash(ciphertext)`: decrypt with `h` as associated data, then mix the ciphertext.
    public mutating func decryptAndHash(_ ciphertext: [UInt8]) throws(HandshakeError) -> [UInt8] {
        let plaintext = try cipher.decryptWithAd(handshakeHash, ciphertext)
        mixHash(ciphertext)
        return plaintext
    }

    /// `Split()`: `(k1, k2) = HKDF(ck, "")`; `k1` protects initiator → responder, `k2` the reverse.
    /// The temporary handshake key is dropped.
    public mutating func split() -> (initiatorToResponder: SymmetricKey, responderToInitiator: SymmetricKey) {
        let keys = HKDF.derive2(salt: chainingKey, ikm: UnsafeRawBufferPointer(start: nil, count: 0))
        cipher.clear()
        return (keys.0, keys.1)
    }
}
