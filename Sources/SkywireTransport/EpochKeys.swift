public import SkywireCrypto

/// One direction's key for one epoch, with the chaining key that derives the next epoch.
///
/// The rekey chain (protocol spec text; HKDF is HKDF-SHA256 of RFC 5869 with empty info and
/// 32-byte outputs, `HKDF(salt, ikm) → (T1, T2)`):
///
///     key_0   = the direction's key from the handshake
///     chain_0 = T1 of HKDF(salt: key_0, ikm: ASCII "skywire rekey")   (13 bytes, no NUL)
///     (chain_{e+1}, key_{e+1}) = (T1, T2) of HKDF(salt: chain_e, ikm: key_e)
///
/// Both ends compute the chain on their own, so rekeying needs no message in the other
/// direction and works over one-way links. Knowing `key_e` alone does not give `key_{e+1}`
/// (it needs `chain_e`), and nothing in the chain runs backwards. The full epoch number `e`
/// is a UInt64; only its low 8 bits go on the wire (see `TransportSession`).
///
/// The keys are `SymmetricKey`s: their bytes are wiped when the last reference goes away,
/// so dropping an `EpochKeys` wipes that epoch's material.
public struct EpochKeys: Sendable {
    /// The ASCII input keying material for `chain_0`.
    public static let chainLabel: [UInt8] = Array("skywire rekey".utf8)

    /// The epoch number `e`.
    public let epoch: UInt64
    /// `chain_e`, used only to derive epoch `e + 1`.
    public let chain: SymmetricKey
    /// `key_e`, the ChaCha20-Poly1305 key of epoch `e`.
    public let key: SymmetricKey

    /// Epoch 0 from the handshake key.
    public init(handshakeKey key0: SymmetricKey) {
        epoch = 0
        key = key0
        chain = HKDF.derive(salt: key0, ikm: Self.chainLabel, count: 1)[0]
    }

    private init(epoch: UInt64, chain: SymmetricKey, key: SymmetricKey) {
        self.epoch = epoch
        self.chain = chain
        self.key = key
    }

    /// Epoch `e + 1`. Allocates (a handful of small objects); runs once per epoch.
    public func next() -> EpochKeys {
        let (nextChain, nextKey) = key.withUnsafeBytes { HKDF.derive2(salt: chain, ikm: $0) }
        return EpochKeys(epoch: epoch &+ 1, chain: nextChain, key: nextKey)
    }

    /// The low 8 bits of the epoch number, as carried in the header.
    public var wireEpoch: UInt8 { UInt8(truncatingIfNeeded: epoch) }
}
