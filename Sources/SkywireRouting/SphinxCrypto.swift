import SkywireCrypto

/// The per-hop cryptography of the onion route setup, after BOLT 4 (Sphinx) with its own key types.
///
/// - shared secret `ss = ECDH(e, H)`: SHA-256 of the compressed point (libsecp256k1's default);
/// - per-hop keys `HMAC-SHA256(key = key type, message = ss)`, key types below;
/// - streams: ChaCha20 (RFC 8439) under such a key with the all-zero 96-bit nonce (every key is
///   used for one stream only);
/// - blinding: `b = SHA-256(E ‖ ss)`, `E' = b·E` (and at the origin `e' = b·e`).
enum Sphinx {
    static let rhoType = Array("skywire route rho".utf8)
    static let muType = Array("skywire route mu".utf8)
    static let secretType = Array("skywire route secret".utf8)
    static let zeroNonce = [UInt8](repeating: 0, count: 12)

    /// `HMAC-SHA256(type, ss)` as a key.
    static func key(_ type: [UInt8], from ss: SymmetricKey) -> SymmetricKey {
        let out = SecretBytes(zeroedCount: 32)
        type.withUnsafeBytes { t in
            var h = HMACSHA256(key: t)
            ss.withUnsafeBytes { h.update($0) }
            out.withUnsafeMutableBytes { h.finalize(into: $0) }
        }
        return try! SymmetricKey(secret: out)  // 32 bytes by construction
    }

    /// XORs `buffer` with the ChaCha20 stream of `key` (zero nonce, block 0).
    static func xorStream(key: SymmetricKey, into buffer: UnsafeMutableRawBufferPointer) {
        zeroNonce.withUnsafeBytes { n in
            try! ChaCha20Stream.xor(key: key, nonce: n, buffer: buffer)  // the nonce is 12 bytes
        }
    }

    /// The 16-byte MAC: `HMAC-SHA256(mu, routing info ‖ version)[0..<16]`, written to `out`.
    static func mac(key mu: SymmetricKey, routingInfo: UnsafeRawBufferPointer, version: UInt8, into out: UnsafeMutableRawBufferPointer) {
        var h = HMACSHA256(key: mu)
        h.update(routingInfo)
        var v = version
        withUnsafeBytes(of: &v) { h.update($0) }
        var full = [UInt8](repeating: 0, count: 32)
        full.withUnsafeMutableBytes { h.finalize(into: $0) }
        for i in 0..<RouteSetupLayout.macSize { out[i] = full[i] }
        ConstantTime.wipe(&full)
    }

    /// The blinding factor `SHA-256(E ‖ ss)`. The caller wipes it after use.
    static func blindingFactor(ephemeral: PublicKey, ss: SymmetricKey) -> [UInt8] {
        var h = SHA256()
        h.update(ephemeral.compressed)
        ss.withUnsafeBytes { h.update($0) }
        return h.finalize()
    }

    /// The replay-set key: `SHA-256(ss)[0..<16]`.
    static func replayTag(ss: SymmetricKey) -> ReplayTag {
        var digest = ss.withUnsafeBytes { SHA256.hash($0) }
        defer { ConstantTime.wipe(&digest) }
        return digest.withUnsafeBytes { d in
            ReplayTag(
                high: UInt64(bigEndian: d.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: d.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}

/// The first 128 bits of `SHA-256(ss)` of a processed setup, kept to detect replays.
public struct ReplayTag: Hashable, Sendable {
    public let high: UInt64
    public let low: UInt64
}
