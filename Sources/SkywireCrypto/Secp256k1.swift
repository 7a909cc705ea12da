internal import CSecp256k1

/// The process-wide libsecp256k1 context, randomised once against side channels.
enum Secp256k1Context {
    nonisolated(unsafe) static let shared: OpaquePointer = {
        // SECP256K1_CONTEXT_NONE == SECP256K1_FLAGS_TYPE_CONTEXT == 1 << 0.
        let ctx = secp256k1_context_create(UInt32(SECP256K1_FLAGS_TYPE_CONTEXT))!
        var seed = [UInt8](repeating: 0, count: 32)
        seed.withUnsafeMutableBytes { SecureRandom.fill($0) }
        let ok = secp256k1_context_randomize(ctx, seed)
        ConstantTime.wipe(&seed)
        precondition(ok == 1, "secp256k1_context_randomize failed")
        return ctx
    }()
}

/// A secp256k1 public key. Its canonical form is the 33-byte compressed encoding
/// (0x02/0x03 parity byte ‖ big-endian x); it is stored inline, with no heap allocation,
/// so it can key hash tables on the packet path.
public struct PublicKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let byteCount = 33
    // Compressed bytes split into a prefix byte and four big-endian 64-bit words of x.
    private let prefix: UInt8
    private let x0: UInt64, x1: UInt64, x2: UInt64, x3: UInt64

    /// Parses and validates a compressed point; anything else is `.invalidPublicKey`.
    public init(compressed bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        guard bytes.count == Self.byteCount else { throw .invalidLength(expected: Self.byteCount, got: bytes.count) }
        guard bytes[0] == 0x02 || bytes[0] == 0x03 else { throw .invalidPublicKey }
        var parsed = secp256k1_pubkey()
        let ok = secp256k1_ec_pubkey_parse(
            Secp256k1Context.shared, &parsed, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), 33)
        guard ok == 1 else { throw .invalidPublicKey }
        self.init(trustedCompressed: bytes)
    }

    public init(compressed bytes: [UInt8]) throws(CryptoError) {
        let parsed: Result<PublicKey, CryptoError> = bytes.withUnsafeBytes { b in
            Result { () throws(CryptoError) in try PublicKey(compressed: b) }
        }
        self = try parsed.get()
    }

    /// From bytes already known to be a valid compressed point (produced by libsecp256k1).
    init(trustedCompressed b: UnsafeRawBufferPointer) {
        func word(_ at: Int) -> UInt64 {
            var w: UInt64 = 0
            for i in 0..<8 { w = (w << 8) | UInt64(b[at + i]) }
            return w
        }
        prefix = b[0]
        x0 = word(1); x1 = word(9); x2 = word(17); x3 = word(25)
    }

    init(libsecp pubkey: secp256k1_pubkey) {
        var pk = pubkey
        var out = [UInt8](repeating: 0, count: 33)
        var len = 33
        _ = secp256k1_ec_pubkey_serialize(
            Secp256k1Context.shared, &out, &len, &pk, UInt32(SECP256K1_EC_COMPRESSED))
        self = out.withUnsafeBytes { PublicKey(trustedCompressed: $0) }
    }

    /// Writes the 33 compressed bytes into `out`.
    public func write(to out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= Self.byteCount, "public key output buffer smaller than 33 bytes")
        out[0] = prefix
        for (i, w) in [x0, x1, x2, x3].enumerated() {
            out.storeBytes(of: w.bigEndian, toByteOffset: 1 + 8 * i, as: UInt64.self)
        }
    }

    public var compressed: [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        out.withUnsafeMutableBytes { write(to: $0) }
        return out
    }

    /// The 32-byte x coordinate (BIP-340 x-only key).
    public var xOnly: [UInt8] { Array(compressed[1...]) }

    func withLibsecp<R>(_ body: (UnsafePointer<secp256k1_pubkey>) -> R) -> R {
        var parsed = secp256k1_pubkey()
        let bytes = compressed
        let ok = secp256k1_ec_pubkey_parse(Secp256k1Context.shared, &parsed, bytes, 33)
        precondition(ok == 1, "a validated public key failed to re-parse")
        return body(&parsed)
    }

    /// `tweak · P`: the Sphinx / BOLT 4 blinding step. Fails for a zero or out-of-range tweak.
    public func multiplied(byTweak tweak: [UInt8]) throws(CryptoError) -> PublicKey {
        guard tweak.count == 32 else { throw .invalidLength(expected: 32, got: tweak.count) }
        var parsed = withLibsecp { $0.pointee }
        guard secp256k1_ec_pubkey_tweak_mul(Secp256k1Context.shared, &parsed, tweak) == 1 else {
            throw .invalidTweak
        }
        return PublicKey(libsecp: parsed)
    }

    /// BIP-340 Schnorr verification of a 64-byte signature over `message` against this key's x.
    /// Malformed signatures or keys give `false`.
    public func verifySchnorr(signature: [UInt8], message: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        return withLibsecp { pk in
            var xonly = secp256k1_xonly_pubkey()
            guard secp256k1_xonly_pubkey_from_pubkey(Secp256k1Context.shared, &xonly, nil, pk) == 1 else { return false }
            return message.withUnsafeBufferPointer { m in
                secp256k1_schnorrsig_verify(
                    Secp256k1Context.shared, signature, m.baseAddress, m.count, &xonly) == 1
            }
        }
    }

    public var hexString: String { Hex.encode(compressed) }
    public var description: String { hexString }

    public static func < (a: PublicKey, b: PublicKey) -> Bool {
        (a.prefix, a.x0, a.x1, a.x2, a.x3) < (b.prefix, b.x0, b.x1, b.x2, b.x3)
    }
}

/// A secp256k1 private key: a 32-byte scalar in wiped memory.
public struct PrivateKey: Sendable {
    public static let byteCount = 32
    public let secret: SecretBytes
    public let publicKey: PublicKey

    /// A fresh random key.
    public static func generate() -> PrivateKey {
        while true {
            let s = SecretBytes(randomCount: byteCount)
            if let key = try? PrivateKey(secret: s) { return key }
            // Only zero or >= n is rejected: probability ~2^-128; draw again.
        }
    }

    public init(secret: SecretBytes) throws(CryptoError) {
        guard secret.count == Self.byteCount else { throw .invalidLength(expected: Self.byteCount, got: secret.count) }
        let pub: PublicKey? = secret.withUnsafeBytes { s in
            let p = s.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard secp256k1_ec_seckey_verify(Secp256k1Context.shared, p) == 1 else { return nil }
            var pk = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_create(Secp256k1Context.shared, &pk, p) == 1 else { return nil }
            return PublicKey(libsecp: pk)
        }
        guard let pub else { throw .invalidPrivateKey }
        self.secret = secret
        self.publicKey = pub
    }

    /// From raw bytes (a key file, a test vector). The caller should wipe its copy.
    public init(bytes: [UInt8]) throws(CryptoError) {
        try self.init(secret: SecretBytes(copying: bytes))
    }

    /// BOLT 8 / libsecp256k1 ECDH: SHA-256 of the compressed shared point `k·P`.
    public func sharedSecret(with peer: PublicKey) -> SymmetricKey {
        let out = SecretBytes(zeroedCount: 32)
        let ok: Int32 = peer.withLibsecp { pk in
            secret.withUnsafeBytes { s in
                out.withUnsafeMutableBytes { o in
                    secp256k1_ecdh(
                        Secp256k1Context.shared, o.baseAddress!.assumingMemoryBound(to: UInt8.self), pk,
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil)
                }
            }
        }
        // Both keys were validated on construction; the default hash cannot fail on them.
        precondition(ok == 1, "secp256k1_ecdh failed on validated keys")
        return try! SymmetricKey(secret: out)  // 32 bytes by construction
    }

    /// `tweak · k mod n`: the private half of `PublicKey.multiplied(byTweak:)`.
    public func multiplied(byTweak tweak: [UInt8]) throws(CryptoError) -> PrivateKey {
        guard tweak.count == 32 else { throw .invalidLength(expected: 32, got: tweak.count) }
        let out = SecretBytes(zeroedCount: 32)
        let ok: Int32 = secret.withUnsafeBytes { s in
            out.withUnsafeMutableBytes { o in
                o.copyMemory(from: s)
                return secp256k1_ec_seckey_tweak_mul(
                    Secp256k1Context.shared, o.baseAddress!.assumingMemoryBound(to: UInt8.self), tweak)
            }
        }
        guard ok == 1 else { throw .invalidTweak }
        return try PrivateKey(secret: out)
    }

    /// BIP-340 Schnorr signature (64 bytes) over `message` (any length), with fresh auxiliary randomness.
    public func signSchnorr(message: [UInt8]) -> [UInt8] {
        var sig = [UInt8](repeating: 0, count: 64)
        var aux = [UInt8](repeating: 0, count: 32)
        aux.withUnsafeMutableBytes { SecureRandom.fill($0) }
        var keypair = secp256k1_keypair()
        let ok: Int32 = secret.withUnsafeBytes { s in
            guard secp256k1_keypair_create(
                Secp256k1Context.shared, &keypair, s.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
            else { return 0 }
            var extra = secp256k1_schnorrsig_extraparams()
            // SECP256K1_SCHNORRSIG_EXTRAPARAMS_MAGIC { 0xda, 0x6f, 0xb3, 0x8c }
            extra.magic = (0xda, 0x6f, 0xb3, 0x8c)
            extra.noncefp = nil
            return aux.withUnsafeMutableBytes { a in
                extra.ndata = a.baseAddress
                return message.withUnsafeBufferPointer { m in
                    secp256k1_schnorrsig_sign_custom(
                        Secp256k1Context.shared, &sig, m.baseAddress, m.count, &keypair, &extra)
                }
            }
        }
        withUnsafeMutableBytes(of: &keypair) { ConstantTime.wipe($0) }
        ConstantTime.wipe(&aux)
        precondition(ok == 1, "schnorr signing failed on a validated key")
        return sig
    }
}
