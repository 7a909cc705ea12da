import SkywireCrypto

/// The first byte of a message a route carries between its two ends (the destination's 0-RTT
/// payload of a setup, or a route data payload; docs/protocol.md §7.9). Relays never look at it.
///
/// `0x01`–`0x1F` are the node's own services, `0x21`–`0x23` are session messages (§9.1, handed
/// to SkywireSession whole). An empty setup payload carries nothing (a route added to a session).
enum EndpointKind: UInt8, Sendable {
    /// Echo request: id (8). Answered with `pong` carrying the same id.
    case ping = 0x01
    /// Echo answer: id (8).
    case pong = 0x02
    /// An application datagram, opaque here.
    case datagram = 0x04
    /// Session messages (§9.1).
    case sessionInitiation = 0x21
    case sessionResponse = 0x22
    case sessionTransport = 0x23

    var isSession: Bool {
        switch self {
        case .sessionInitiation, .sessionResponse, .sessionTransport: return true
        case .ping, .pong, .datagram: return false
        }
    }
}

/// A decoded endpoint message: its kind and the whole message (type byte included). Copied out
/// of the packet: endpoint traffic is not the relay data path.
struct EndpointMessage: Sendable {
    var kind: EndpointKind
    var bytes: [UInt8]
    /// The message after its type byte.
    var body: ArraySlice<UInt8> { bytes[1...] }
}

enum EndpointPayloadError: Error, Equatable, Sendable {
    case empty
    case unknownKind(UInt8)
}

enum EndpointPayload {
    /// `kind ‖ body`.
    static func encode(_ kind: EndpointKind, _ body: [UInt8]) -> [UInt8] {
        [kind.rawValue] + body
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(EndpointPayloadError) -> EndpointMessage {
        guard let first = bytes.first else { throw .empty }
        guard let kind = EndpointKind(rawValue: first) else { throw .unknownKind(first) }
        return EndpointMessage(kind: kind, bytes: Array(bytes))
    }
}

/// The destination's setup instruction this node defines (§7.9): instruction TLVs are
/// `type (1) ‖ length (1) ‖ value`; types from 0x80 are optional (a hop that does not know one
/// skips it).
///
/// `0x81` answer-by-route: the path does not work backwards (a one-way edge), so answers cannot
/// use the reverse labels; the destination answers on a route of its own. The value is empty
/// or the origin's node key (33 bytes) — only node services send it; a session's handshake
/// tells the responder who the client is. It sits in the destination's onion layer: no relay
/// can read it.
enum AnswerByRoute {
    static let type: UInt8 = 0x81

    static func encode(origin: PublicKey?) -> [UInt8] {
        let value = origin?.compressed ?? []
        return [type, UInt8(value.count)] + value
    }

    /// (present, origin key) from the destination's instructions (already validated as TLVs).
    static func find(in instructions: [UInt8]) -> (present: Bool, origin: PublicKey?) {
        var i = 0
        while i + 2 <= instructions.count {
            let t = instructions[i], length = Int(instructions[i + 1])
            guard i + 2 + length <= instructions.count else { break }
            if t == type {
                let value = Array(instructions[(i + 2)..<(i + 2 + length)])
                return (true, length == PublicKey.byteCount ? try? PublicKey(compressed: value) : nil)
            }
            i += 2 + length
        }
        return (false, nil)
    }
}
