import SkywireNoise
import SkywireWire

/// Skywire's end-to-end session profile (docs/protocol.md §9): Noise IK
/// (`Noise_IK_secp256k1_ChaChaPoly_SHA256`, prologue `skywire session v1`, BOLT 8 framing)
/// between a client key (node or user key, the initiator) and a **service key** (the responder
/// static: any node hosting the service can answer). The first message carries a timestamp, the
/// service port, the client's receive window and a 0-RTT payload; the answer carries a status,
/// the server's window and a payload. Keys come from this handshake only, never from a link.
public enum SessionHandshake {
    /// The Noise protocol name both sides hash first.
    public static let protocolName = "Noise_IK_secp256k1_ChaChaPoly_SHA256"
    /// The prologue both sides mix in.
    public static let prologue: [UInt8] = Array("skywire session v1".utf8)
    /// The hello version this implementation speaks.
    public static let version: UInt8 = 1
    /// Response status: the session is open.
    public static let statusAccepted: UInt8 = 0
    /// Response status: nothing listens on that port.
    public static let statusNoSuchPort: UInt8 = 1
    /// Response status: the service refuses this client.
    public static let statusRefused: UInt8 = 2
}

/// The first byte of every session message (the payload a route carries).
public enum SessionMessageType: UInt8, Sendable {
    /// `type ‖ reserved (3) ‖ Noise IK message 1` (its payload: `SessionHello`).
    case initiation = 0x21
    /// `type ‖ reserved (3) ‖ receiver index (4) ‖ Noise IK message 2` (payload: `SessionReply`).
    case response = 0x22
    /// A transport packet (docs/protocol.md §3.3 layout, type byte 0x23).
    case transport = 0x23

    /// The type of a session message, nil for an unknown first byte (drop it).
    public static func of(_ message: UnsafeRawBufferPointer) -> SessionMessageType? {
        guard let first = message.first else { return nil }
        return SessionMessageType(rawValue: first)
    }

    /// The receiver index of a response or transport packet in clear (the initiator's or the
    /// session's index, for finding the state it belongs to); nil for an initiation or a
    /// message too short to hold one.
    public static func receiverIndex(of message: UnsafeRawBufferPointer) -> UInt32? {
        guard let type = of(message), message.count >= 8 else { return nil }
        switch type {
        case .initiation: return nil
        case .response, .transport: return UInt32(bigEndian: message.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        }
    }
}

/// The envelope around the handshake messages. Unlike the link's (§4.2), the sender indices
/// travel inside the encrypted payloads, so every byte of a handshake message is authenticated
/// except the clear receiver index of a response, which only selects the initiator.
enum SessionEnvelope {
    static let initiationHeader = 4
    static let responseHeader = 8

    static func initiation(noise: [UInt8]) -> [UInt8] {
        [SessionMessageType.initiation.rawValue, 0, 0, 0] + noise
    }

    static func response(receiverIndex: UInt32, noise: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [SessionMessageType.response.rawValue, 0, 0, 0]
        out.reserveCapacity(responseHeader + noise.count)
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: receiverIndex >> UInt32(shift))) }
        return out + noise
    }

    /// The Noise message of an initiation.
    static func parseInitiation(_ message: [UInt8]) throws(WireError) -> [UInt8] {
        try withReader(message) { r throws(WireError) in
            let type = try r.u8()
            guard type == SessionMessageType.initiation.rawValue else { throw .unknownMessageType(type) }
            guard try r.u8() == 0, try r.u16() == 0 else { throw .invalidField("reserved") }
            return Array(r.rest())
        }
    }

    /// The receiver index and the Noise message of a response.
    static func parseResponse(_ message: [UInt8]) throws(WireError) -> (receiverIndex: UInt32, noise: [UInt8]) {
        try withReader(message) { r throws(WireError) in
            let type = try r.u8()
            guard type == SessionMessageType.response.rawValue else { throw .unknownMessageType(type) }
            guard try r.u8() == 0, try r.u16() == 0 else { throw .invalidField("reserved") }
            let receiver = try r.u32()
            return (receiver, Array(r.rest()))
        }
    }
}

/// The encrypted payload of the first message: `timestamp (12) ‖ version (1) ‖ flags (1, 0) ‖
/// port (2) ‖ sender index (4) ‖ receive window (4) ‖ 0-RTT payload`.
struct SessionHello {
    static let size = InitiationTimestamp.byteCount + 12
    var timestamp: InitiationTimestamp
    var port: UInt16
    var senderIndex: UInt32
    var window: UInt32
    var payload: [UInt8]

    func encoded() -> [UInt8] {
        var out = timestamp.encoded
        out.reserveCapacity(Self.size + payload.count)
        out += [SessionHandshake.version, 0, UInt8(port >> 8), UInt8(port & 0xFF)]
        appendBigEndian(senderIndex, to: &out)
        appendBigEndian(window, to: &out)
        return out + payload
    }

    static func decode(_ bytes: [UInt8]) throws(SessionHandshakeError) -> SessionHello {
        let versionAt = InitiationTimestamp.byteCount
        if bytes.count > versionAt, bytes[versionAt] != SessionHandshake.version {
            throw .unsupportedVersion(bytes[versionAt])
        }
        do {
            return try withReader(bytes) { r throws(WireError) in
                let stamp = try r.bytes(InitiationTimestamp.byteCount)
                guard let timestamp = InitiationTimestamp(encoded: stamp) else { throw .invalidField("timestamp") }
                _ = try r.u8()  // version, checked above
                guard try r.u8() == 0 else { throw .invalidField("hello flags") }
                let port = try r.u16()
                let sender = try r.u32()
                guard sender != 0 else { throw .invalidField("sender index") }
                let window = try r.u32()
                return SessionHello(timestamp: timestamp, port: port, senderIndex: sender, window: window, payload: Array(r.rest()))
            }
        } catch {
            throw .malformedHello(error)
        }
    }
}

/// The encrypted payload of the answer: `version (1) ‖ status (1) ‖ reserved (2, 0) ‖
/// sender index (4; 0 in a refusal) ‖ receive window (4) ‖ payload`.
struct SessionReply {
    static let size = 12
    var status: UInt8
    var senderIndex: UInt32
    var window: UInt32
    var payload: [UInt8]

    func encoded() -> [UInt8] {
        var out: [UInt8] = [SessionHandshake.version, status, 0, 0]
        out.reserveCapacity(Self.size + payload.count)
        appendBigEndian(senderIndex, to: &out)
        appendBigEndian(window, to: &out)
        return out + payload
    }

    static func decode(_ bytes: [UInt8]) throws(SessionHandshakeError) -> SessionReply {
        if let version = bytes.first, version != SessionHandshake.version { throw .unsupportedVersion(version) }
        do {
            return try withReader(bytes) { r throws(WireError) in
                _ = try r.u8()  // version, checked above
                let status = try r.u8()
                guard try r.u16() == 0 else { throw .invalidField("reply reserved") }
                let sender = try r.u32()
                guard (sender == 0) == (status != SessionHandshake.statusAccepted) else {
                    throw .invalidField("reply sender index")
                }
                let window = try r.u32()
                return SessionReply(status: status, senderIndex: sender, window: window, payload: Array(r.rest()))
            }
        } catch {
            throw .malformedHello(error)
        }
    }
}

/// Runs `body` with a reader over `bytes` (typed throws through the unsafe-bytes scope).
func withReader<T>(_ bytes: [UInt8], _ body: (inout ByteReader) throws(WireError) -> T) throws(WireError) -> T {
    let result: Result<T, WireError> = bytes.withUnsafeBytes { raw in
        var reader = ByteReader(raw)
        do throws(WireError) { return .success(try body(&reader)) } catch { return .failure(error) }
    }
    return try result.get()
}

func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
    for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
}
