internal import CSodium

extension ChaChaPoly {
    /// `ciphertext ‖ tag` under an arbitrary 12-byte nonce. Internal: the protocols only use the
    /// counter nonce; this exists so tests can check RFC 8439's vectors, whose nonce is not of
    /// the `0x00000000 ‖ LE64` form.
    static func seal(
        key: SymmetricKey, rawNonce: [UInt8], associatedData: [UInt8], plaintext: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        guard rawNonce.count == nonceByteCount else { throw .invalidLength(expected: nonceByteCount, got: rawNonce.count) }
        Sodium.ensure()
        var out = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        var outLength: UInt64 = 0
        key.withUnsafeBytes { k in
            _ = crypto_aead_chacha20poly1305_ietf_encrypt(
                &out, &outLength, plaintext, UInt64(plaintext.count), associatedData, UInt64(associatedData.count),
                nil, rawNonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return out
    }

    /// The plaintext of `ciphertext ‖ tag` under an arbitrary 12-byte nonce (tests only).
    static func open(
        key: SymmetricKey, rawNonce: [UInt8], associatedData: [UInt8], sealed: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        guard rawNonce.count == nonceByteCount else { throw .invalidLength(expected: nonceByteCount, got: rawNonce.count) }
        guard sealed.count >= tagByteCount else { throw .invalidLength(expected: tagByteCount, got: sealed.count) }
        Sodium.ensure()
        var out = [UInt8](repeating: 0, count: sealed.count - tagByteCount)
        var outLength: UInt64 = 0
        let rc = key.withUnsafeBytes { k in
            crypto_aead_chacha20poly1305_ietf_decrypt(
                &out, &outLength, nil, sealed, UInt64(sealed.count), associatedData, UInt64(associatedData.count),
                rawNonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard rc == 0 else { throw .authenticationFailed }
        return out
    }
}
