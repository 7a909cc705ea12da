internal import CSodium

/// ChaCha20-Poly1305 (RFC 8439, libsodium's IETF construction) with the Noise / BOLT 8 / WireGuard
/// nonce: 32 zero bits followed by a 64-bit little-endian counter.
public enum ChaChaPoly {
    public static let tagByteCount = 16
    public static let nonceByteCount = 12

    /// libsodium wants a non-null message pointer even for zero bytes; it never touches it then.
    nonisolated(unsafe) static let emptyMessage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    /// Runs `body` with the 12-byte nonce `0x00000000 ‖ LE64(counter)` on the stack.
    @inline(__always)
    static func withNonce<R>(_ counter: UInt64, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        var nonce: (UInt32, UInt32, UInt32) = (
            0,
            UInt32(truncatingIfNeeded: counter).littleEndian,
            UInt32(truncatingIfNeeded: counter >> 32).littleEndian
        )
        return withUnsafeBytes(of: &nonce) { body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// Encrypts `buffer` in place and writes the 16-byte tag to `tag`.
    @inline(__always)
    public static func sealInPlace(
        key: SymmetricKey, counter: UInt64,
        associatedData: UnsafeRawBufferPointer,
        buffer: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) {
        precondition(tag.count >= tagByteCount, "tag buffer smaller than 16 bytes")
        key.withUnsafeBytes { k in
            sealRaw(key: k, counter: counter, associatedData: associatedData, buffer: buffer, tag: tag)
        }
    }

    /// Same as `sealInPlace`, with the key as raw bytes (for the packet path, where the key
    /// material lives in a long-lived `SecretBytes` already pinned by the caller).
    @inline(__always)
    public static func sealRaw(
        key: UnsafeRawBufferPointer, counter: UInt64,
        associatedData: UnsafeRawBufferPointer,
        buffer: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) {
        withNonce(counter) { nonce in
            let m = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? emptyMessage
            _ = crypto_aead_chacha20poly1305_ietf_encrypt_detached(
                m, tag.baseAddress!.assumingMemoryBound(to: UInt8.self), nil,
                m, UInt64(buffer.count),
                associatedData.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associatedData.count),
                nil, nonce, key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Verifies `tag` and decrypts `buffer` in place. On failure `.authenticationFailed` is thrown
    /// and libsodium zeroes the buffer (it verifies before it decrypts, then clears the output), so
    /// a caller that wants to retry with another key must keep its own copy of the ciphertext.
    @inline(__always)
    public static func openInPlace(
        key: SymmetricKey, counter: UInt64,
        associatedData: UnsafeRawBufferPointer,
        buffer: UnsafeMutableRawBufferPointer,
        tag: UnsafeRawBufferPointer
    ) throws(CryptoError) {
        try key.withUnsafeBytes { (k) throws(CryptoError) in
            try openRaw(key: k, counter: counter, associatedData: associatedData, buffer: buffer, tag: tag)
        }
    }

    @inline(__always)
    public static func openRaw(
        key: UnsafeRawBufferPointer, counter: UInt64,
        associatedData: UnsafeRawBufferPointer,
        buffer: UnsafeMutableRawBufferPointer,
        tag: UnsafeRawBufferPointer
    ) throws(CryptoError) {
        guard tag.count == tagByteCount else { throw .invalidLength(expected: tagByteCount, got: tag.count) }
        let rc = withNonce(counter) { nonce in
            let c = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? emptyMessage
            return crypto_aead_chacha20poly1305_ietf_decrypt_detached(
                c, nil, c, UInt64(buffer.count),
                tag.baseAddress!.assumingMemoryBound(to: UInt8.self),
                associatedData.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associatedData.count),
                nonce, key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard rc == 0 else { throw .authenticationFailed }
    }

    /// `ciphertext ‖ tag` of `plaintext` (allocating; for handshakes and tests).
    public static func seal(key: SymmetricKey, counter: UInt64, associatedData: [UInt8], plaintext: [UInt8]) -> [UInt8] {
        var out = plaintext + [UInt8](repeating: 0, count: tagByteCount)
        let n = plaintext.count
        out.withUnsafeMutableBytes { o in
            associatedData.withUnsafeBytes { ad in
                sealInPlace(key: key, counter: counter, associatedData: ad,
                            buffer: UnsafeMutableRawBufferPointer(rebasing: o[0..<n]),
                            tag: UnsafeMutableRawBufferPointer(rebasing: o[n...]))
            }
        }
        return out
    }

    /// The plaintext of `ciphertext ‖ tag` (allocating; for handshakes and tests).
    public static func open(key: SymmetricKey, counter: UInt64, associatedData: [UInt8], sealed: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= tagByteCount else { throw .invalidLength(expected: tagByteCount, got: sealed.count) }
        let n = sealed.count - tagByteCount
        var body = Array(sealed[0..<n])
        let tag = Array(sealed[n...])
        let ok = body.withUnsafeMutableBytes { b in
            associatedData.withUnsafeBytes { ad in
                tag.withUnsafeBytes { t in
                    (try? openInPlace(key: key, counter: counter, associatedData: ad, buffer: b, tag: t)) != nil
                }
            }
        }
        guard ok else { throw .authenticationFailed }
        return body
    }
}

/// The ChaCha20 stream cipher (RFC 8439, 96-bit nonce), for Sphinx-style header obfuscation.
public enum ChaCha20Stream {
    /// XORs `buffer` with the key stream for (key, nonce), starting at block `initialCounter`.
    public static func xor(
        key: SymmetricKey, nonce: UnsafeRawBufferPointer, initialCounter: UInt32 = 0,
        buffer: UnsafeMutableRawBufferPointer
    ) throws(CryptoError) {
        guard nonce.count == ChaChaPoly.nonceByteCount else {
            throw .invalidLength(expected: ChaChaPoly.nonceByteCount, got: nonce.count)
        }
        guard buffer.count > 0, let p = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        key.withUnsafeBytes { k in
            _ = crypto_stream_chacha20_ietf_xor_ic(
                p, p, UInt64(buffer.count), nonce.baseAddress!.assumingMemoryBound(to: UInt8.self),
                initialCounter, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }
}
