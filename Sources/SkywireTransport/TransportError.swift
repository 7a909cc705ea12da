/// Every way the transport refuses to seal or open a packet. Each is a value, never a trap:
/// the link layer decides what to do (drop, count, re-handshake).
public enum TransportError: Error, Equatable, Sendable {
    // MARK: Sealing

    /// The caller's buffer cannot hold header + payload + tag.
    case bufferTooSmall(needed: Int, got: Int)
    /// A negative payload length was passed.
    case invalidPayloadLength(Int)
    /// The send counter reached `RekeyPolicy.rejectAfterMessages`: this session may not send
    /// again; the link must run a new handshake.
    case counterExhausted

    // MARK: Opening: header checks (cheap, before any crypto)

    /// Fewer than `TransportHeader.overhead` (32) bytes: no room for header and tag.
    case packetTooShort(length: Int)
    /// The flags/reserved field was not zero.
    case reservedFlagsSet(UInt16)
    /// The receiver index is not the one we chose for this session.
    case wrongReceiverIndex(UInt32)
    /// The counter is at or beyond `RekeyPolicy.rejectAfterMessages`; no honest sender uses it.
    case counterBeyondLimit(UInt64)
    /// The wire epoch is none of previous / current / next of the receiver.
    case unknownEpoch(UInt8)
    /// The wire epoch is the previous one, but its overlap period is over (or it was dropped).
    case epochExpired(UInt8)

    // MARK: Opening: replay and authentication

    /// The counter was already accepted.
    case replayed(counter: UInt64)
    /// The counter is older than the replay window can tell about.
    case tooOld(counter: UInt64)
    /// The AEAD tag did not verify: wrong key, tampered header, ciphertext or tag.
    case authenticationFailed
}
