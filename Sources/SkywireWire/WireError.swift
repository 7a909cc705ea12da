/// Every way a packet can fail to decode. Decoders return these; they never trap.
public enum WireError: Error, Equatable, Sendable {
    /// Fewer bytes than the field needs.
    case truncated(needed: Int, remaining: Int)
    /// The output buffer is too small for what is being written.
    case bufferTooSmall(needed: Int, remaining: Int)
    /// A message type byte this version does not know.
    case unknownMessageType(UInt8)
    /// A frame type byte below 0x80 (critical) that this version does not know.
    case unknownCriticalFrame(UInt8)
    /// A version byte this implementation does not speak.
    case unsupportedVersion(UInt8)
    /// Bytes left over after a message whose length is fixed by its fields.
    case trailingBytes(Int)
    /// A field whose value is not allowed (reserved bits set, count out of range, bad family…).
    case invalidField(StaticString)
    /// A public key field that is not a valid compressed secp256k1 point.
    case invalidPublicKey
    /// A frame's declared length runs past the end of the packet.
    case frameOverrun(type: UInt8, declared: Int, remaining: Int)

    public static func == (a: WireError, b: WireError) -> Bool {
        switch (a, b) {
        case let (.truncated(x, y), .truncated(p, q)): return x == p && y == q
        case let (.bufferTooSmall(x, y), .bufferTooSmall(p, q)): return x == p && y == q
        case let (.unknownMessageType(x), .unknownMessageType(y)): return x == y
        case let (.unknownCriticalFrame(x), .unknownCriticalFrame(y)): return x == y
        case let (.unsupportedVersion(x), .unsupportedVersion(y)): return x == y
        case let (.trailingBytes(x), .trailingBytes(y)): return x == y
        case let (.invalidField(x), .invalidField(y)): return x.description == y.description
        case (.invalidPublicKey, .invalidPublicKey): return true
        case let (.frameOverrun(t, d, r), .frameOverrun(u, e, s)): return t == u && d == e && r == s
        case (.truncated, _), (.bufferTooSmall, _), (.unknownMessageType, _), (.unknownCriticalFrame, _),
             (.unsupportedVersion, _), (.trailingBytes, _), (.invalidField, _), (.invalidPublicKey, _),
             (.frameOverrun, _):
            return false
        }
    }
}
