/// The envelope around Noise handshake messages on a link.
///
/// Initiation:
/// ```
/// offset  size  field
/// 0       1     type = 0x02
/// 1       3     reserved, MUST be 0
/// 4       4     sender index (the initiator's receiver index for this session)
/// 8       …     Noise IK message 1 (version byte 0 ‖ e ‖ enc(s) ‖ enc(timestamp ‖ payload))
/// ```
/// Response:
/// ```
/// 0       1     type = 0x03
/// 1       3     reserved, MUST be 0
/// 4       4     sender index (the responder's receiver index for this session)
/// 8       4     receiver index (echoes the initiation's sender index)
/// 12      …     Noise IK message 2 (version byte 0 ‖ e ‖ enc(payload))
/// ```
public struct HandshakeInitiationEnvelope {
    public static let headerSize = 8
    /// Noise IK message 1 is at least 1 + 33 + (33 + 16) + (12 + 16) bytes.
    public static let minNoiseSize = 1 + 33 + 49 + 28
    public static let maxNoiseSize = 1200

    public var senderIndex: UInt32
    /// The Noise message bytes (a view into the decoded buffer when decoding).
    public var noise: UnsafeRawBufferPointer

    public init(senderIndex: UInt32, noise: UnsafeRawBufferPointer) {
        self.senderIndex = senderIndex
        self.noise = noise
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(WireError) -> HandshakeInitiationEnvelope {
        var r = ByteReader(bytes)
        guard try r.u8() == MessageType.handshakeInitiation.rawValue else { throw .invalidField("type") }
        guard try r.u8() == 0, try r.u16() == 0 else { throw .invalidField("reserved") }
        let sender = try r.u32()
        let noise = r.rest()
        guard noise.count >= minNoiseSize else { throw .truncated(needed: minNoiseSize, remaining: noise.count) }
        guard noise.count <= maxNoiseSize else { throw .invalidField("handshake length") }
        return HandshakeInitiationEnvelope(senderIndex: sender, noise: noise)
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        guard noise.count <= Self.maxNoiseSize else { throw .invalidField("handshake length") }
        try w.u8(MessageType.handshakeInitiation.rawValue)
        try w.zeros(3)
        try w.u32(senderIndex)
        try w.bytes(noise)
    }
}

public struct HandshakeResponseEnvelope {
    public static let headerSize = 12
    /// Noise IK message 2 is at least 1 + 33 + 16 bytes.
    public static let minNoiseSize = 1 + 33 + 16
    public static let maxNoiseSize = 1200

    public var senderIndex: UInt32
    public var receiverIndex: UInt32
    public var noise: UnsafeRawBufferPointer

    public init(senderIndex: UInt32, receiverIndex: UInt32, noise: UnsafeRawBufferPointer) {
        self.senderIndex = senderIndex
        self.receiverIndex = receiverIndex
        self.noise = noise
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(WireError) -> HandshakeResponseEnvelope {
        var r = ByteReader(bytes)
        guard try r.u8() == MessageType.handshakeResponse.rawValue else { throw .invalidField("type") }
        guard try r.u8() == 0, try r.u16() == 0 else { throw .invalidField("reserved") }
        let sender = try r.u32()
        let receiver = try r.u32()
        let noise = r.rest()
        guard noise.count >= minNoiseSize else { throw .truncated(needed: minNoiseSize, remaining: noise.count) }
        guard noise.count <= maxNoiseSize else { throw .invalidField("handshake length") }
        return HandshakeResponseEnvelope(senderIndex: sender, receiverIndex: receiver, noise: noise)
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        guard noise.count <= Self.maxNoiseSize else { throw .invalidField("handshake length") }
        try w.u8(MessageType.handshakeResponse.rawValue)
        try w.zeros(3)
        try w.u32(senderIndex)
        try w.u32(receiverIndex)
        try w.bytes(noise)
    }
}
