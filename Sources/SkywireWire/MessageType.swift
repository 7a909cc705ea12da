/// The first byte of every UDP datagram (and every wifi frame payload) of the link protocol.
/// See docs/protocol.md, "Messages".
public enum MessageType: UInt8, Sendable, CaseIterable {
    /// Signed, cleartext neighbour announcement (LAN broadcast / multicast, wifi).
    case beacon = 0x01
    /// First handshake message (Noise IK message 1).
    case handshakeInitiation = 0x02
    /// Second handshake message (Noise IK message 2).
    case handshakeResponse = 0x03
    /// An encrypted transport packet (SkywireTransport header); its plaintext is a frame list.
    case transportData = 0x04

    /// The type of the datagram in `bytes`; typed error for empty input or an unknown type.
    public static func of(_ bytes: UnsafeRawBufferPointer) throws(WireError) -> MessageType {
        guard let first = bytes.first else { throw .truncated(needed: 1, remaining: 0) }
        guard let t = MessageType(rawValue: first) else { throw .unknownMessageType(first) }
        return t
    }
}
