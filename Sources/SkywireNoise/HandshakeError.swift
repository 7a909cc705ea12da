/// Every way a Noise handshake can refuse a call or a message. Nothing in this module traps on
/// bad input: a malformed, truncated or forged message gives one of these values.
public enum HandshakeError: Error, Equatable, Sendable {
    /// The frame's leading version byte is not the one this engine speaks (BOLT 8: 0).
    case badVersion(UInt8)
    /// The frame is shorter than the pattern's fixed part, or longer than a Noise message may be.
    case badLength(expected: Int, got: Int)
    /// A transmitted public key (ephemeral or static) is not a valid compressed secp256k1 point.
    case badPublicKey
    /// An AEAD tag did not verify: tampered bytes, wrong keys, or a peer that is not who we think.
    case authenticationFailed
    /// The payload would make the message longer than Noise's 65535-byte limit.
    case payloadTooLarge(maximum: Int, got: Int)
    /// `writeMessage`, `readMessage` or `split` called when the handshake is not at that step.
    case outOfTurn(HandshakeProgress)
    /// The pattern needs a local static key and none was given.
    case missingLocalStatic
    /// The pattern needs the peer's static key up front (a pre-message) and none was given.
    case missingRemoteStatic
    /// A remote static key was given although the pattern transmits it during the handshake.
    case unexpectedRemoteStatic
    /// A cipher state's nonce reached 2^64 − 1, which Noise reserves.
    case nonceExhausted
}
