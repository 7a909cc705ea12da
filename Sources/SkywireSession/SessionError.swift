public import SkywireNoise
public import SkywireTransport
public import SkywireWire

/// Why a session refused a packet or a call. A refused packet changes nothing but counters.
public enum SessionError: Error, Equatable, Sendable {
    /// The end-to-end transport refused the packet (wrong index, replay, forged, …).
    case transport(TransportError)
    /// The packet authenticated but its frames do not decode.
    case malformed(WireError)
    /// A datagram message whose first byte is not a session transport packet.
    case notTransportPacket(UInt8)
    /// The packet is longer than any session packet may be (65535 bytes).
    case packetTooLarge(Int)
    /// The session is closed.
    case closed
    /// The datagram does not fit in one packet (at most `maximum` bytes).
    case datagramTooLarge(maximum: Int, got: Int)
    /// The datagram send queue is full; try again after `drainOutgoing`.
    case datagramQueueFull
    /// `write` after `finish`.
    case streamFinished
}

/// Why a session handshake step failed.
public enum SessionHandshakeError: Error, Equatable, Sendable {
    /// The Noise layer refused the call or the message (forged, tampered, wrong service key…).
    case handshake(HandshakeError)
    /// The envelope around the Noise message does not decode.
    case malformedEnvelope(WireError)
    /// The encrypted hello inside the first or second message does not decode.
    case malformedHello(WireError)
    /// The hello's version is not the one this implementation speaks.
    case unsupportedVersion(UInt8)
    /// The initiation is not newer than the last one accepted from this initiator: a replay.
    case replayedInitiation(last: InitiationTimestamp, got: InitiationTimestamp)
    /// The responder refused the session (e.g. no such port); the status it gave.
    case refused(status: UInt8)
    /// The response names another initiation than ours.
    case wrongReceiverIndex(UInt32)
    /// An index of 0 was given or received (0 is never used).
    case zeroIndex
    /// The 0-RTT payload or reply does not fit in one handshake message.
    case payloadTooLarge(maximum: Int, got: Int)
}
