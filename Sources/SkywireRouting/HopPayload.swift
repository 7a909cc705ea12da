import SkywireCrypto
import SkywireWire

/// What one hop finds in its layer of a route setup (docs/protocol.md §7.5).
///
/// ```
/// relay:        kind 0x01 ‖ next hop node key (33) ‖ idle timeout s (2) ‖ instructions length (1) ‖ instructions
/// destination:  kind 0x02 ‖ idle timeout s (2) ‖ instructions length (1) ‖ instructions ‖ 0-RTT payload (the rest)
/// ```
/// Instructions are a list of `type (1) ‖ length (1) ‖ value`; types below 0x80 are critical (a
/// hop that does not know one refuses the setup), types from 0x80 are skipped when unknown. This
/// version defines none.
public enum HopPayload: Equatable, Sendable {
    case relay(next: PublicKey, idleTimeoutSeconds: UInt16, instructions: [UInt8])
    case destination(idleTimeoutSeconds: UInt16, instructions: [UInt8], payload: [UInt8])

    /// The first byte of a hop payload.
    enum Kind: UInt8 {
        case relay = 0x01
        case destination = 0x02
    }

    /// The encoded size of this payload (without the slot's length field and MAC).
    var encodedSize: Int {
        switch self {
        case .relay(_, _, let instructions): return RouteSetupLayout.relayFixedSize + instructions.count
        case .destination(_, let instructions, let payload): return RouteSetupLayout.destinationFixedSize + instructions.count + payload.count
        }
    }

    func encode(into w: inout ByteWriter) throws(WireError) {
        switch self {
        case .relay(let next, let idle, let instructions):
            try w.u8(Kind.relay.rawValue)
            try w.publicKey(next)
            try w.u16(idle)
            try w.u8(UInt8(instructions.count))
            try w.bytes(instructions)
        case .destination(let idle, let instructions, let payload):
            try w.u8(Kind.destination.rawValue)
            try w.u16(idle)
            try w.u8(UInt8(instructions.count))
            try w.bytes(instructions)
            try w.bytes(payload)
        }
    }

    static func decode(_ body: UnsafeRawBufferPointer) throws(RouteSetupError) -> HopPayload {
        let decoded: HopPayload
        do throws(WireError) {
            var r = ByteReader(body)
            guard let kind = Kind(rawValue: try r.u8()) else { throw WireError.invalidField("hop payload kind") }
            switch kind {
            case .relay:
                let next = try r.publicKey()
                let idle = try r.u16()
                let instructions = Array(try r.bytes(Int(try r.u8())))
                try r.expectEnd()
                decoded = .relay(next: next, idleTimeoutSeconds: idle, instructions: instructions)
            case .destination:
                let idle = try r.u16()
                let instructions = Array(try r.bytes(Int(try r.u8())))
                decoded = .destination(idleTimeoutSeconds: idle, instructions: instructions, payload: Array(r.rest()))
            }
        } catch {
            throw .invalidHopPayload
        }
        switch decoded {
        case .relay(_, _, let instructions), .destination(_, let instructions, _):
            try HopInstructions.validate(instructions)
        }
        return decoded
    }
}

/// Per-hop instructions (TLVs). None is defined yet; the rules keep the door open.
public enum HopInstructions {
    /// Checks the TLV framing and refuses unknown critical types.
    public static func validate(_ bytes: [UInt8]) throws(RouteSetupError) {
        var i = 0
        while i < bytes.count {
            guard i + 2 <= bytes.count else { throw .invalidHopPayload }
            let type = bytes[i]
            let length = Int(bytes[i + 1])
            guard i + 2 + length <= bytes.count else { throw .invalidHopPayload }
            if type < 0x80 { throw .unknownCriticalInstruction(type) }
            i += 2 + length
        }
    }
}
