import SkywireCrypto

/// What a completed handshake hands to the transport: Noise `Split()` seen from one side.
public struct TransportKeys: Sendable {
    /// The side these keys belong to.
    public let role: HandshakeRole
    /// Encrypts what this side sends.
    public let sendKey: SymmetricKey
    /// Decrypts what this side receives.
    public let receiveKey: SymmetricKey
    /// The final chaining key `ck` (BOLT 8 key rotation derives from it).
    public let chainingKey: SymmetricKey
    /// The final handshake hash `h`: identical on both sides, usable for channel binding.
    public let handshakeHash: [UInt8]
    /// The peer's static public key, authenticated by the handshake.
    public let remoteStatic: PublicKey

    /// The key for initiator → responder traffic.
    public var initiatorToResponder: SymmetricKey {
        switch role {
        case .initiator: return sendKey
        case .responder: return receiveKey
        }
    }

    /// The key for responder → initiator traffic.
    public var responderToInitiator: SymmetricKey {
        switch role {
        case .initiator: return receiveKey
        case .responder: return sendKey
        }
    }
}
