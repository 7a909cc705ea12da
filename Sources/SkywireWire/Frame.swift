/// The plaintext of a transport packet is a list of frames (several messages for the same next
/// hop share one encrypted packet: garlic bundling).
///
/// ```
/// frame:  type (1) ‖ length (2, big-endian) ‖ body (length bytes)
/// ```
/// A `padding` type byte (0x00) ends the list: the bytes after it are padding, which senders
/// SHOULD set to zero and receivers MUST ignore. Frame types below 0x80 are
/// *critical*: a receiver that does not know one MUST drop the whole packet. Types 0x80 and
/// above are *optional*: a receiver that does not know one skips it ("it's OK to be odd", BOLT 1).
public enum FrameType: UInt8, Sendable, CaseIterable {
    /// Ends the frame list; the rest of the packet is padding.
    case padding = 0x00
    /// Keeps the link's liveness timers fed; empty body.
    case keepalive = 0x01
    /// A link probe: asks the peer to echo it (RTT measurement and direction confirmation).
    case probe = 0x02
    /// The echo of a probe.
    case probeEcho = 0x03
    /// What the sender received from the peer on this link (loss and throughput each way).
    case receiveReport = 0x04
    /// A signed link-state record, flooded to every neighbour (SkywireRouting, §7).
    case linkState = 0x10
    /// A one-pass onion route setup, constant size at every hop (§7).
    case routeSetup = 0x11
    /// Data on an installed route: label (4) ‖ payload (§7).
    case routeData = 0x12
    /// Closes a route or reports why it failed: label (4) ‖ reason (1) (§7).
    case routeTeardown = 0x13
    /// A signed bandwidth receipt from the neighbour that received our bytes (§11).
    case receipt = 0x20

    public var isCritical: Bool { rawValue < 0x80 }

}

/// One decoded frame: its type (or the unknown optional type that was skipped) and body view.
public struct RawFrame {
    public let typeByte: UInt8
    public let body: UnsafeRawBufferPointer
    /// `nil` for an optional frame type this version does not know (skip it).
    public var type: FrameType? { FrameType(rawValue: typeByte) }
}

/// Walks the frame list of a decrypted transport payload without copying.
public struct FrameReader {
    var reader: ByteReader
    var finished = false

    public init(_ plaintext: UnsafeRawBufferPointer) {
        reader = ByteReader(plaintext)
    }

    /// The next frame, or `nil` at the end of the list (or at a padding frame).
    public mutating func next() throws(WireError) -> RawFrame? {
        guard !finished, !reader.isAtEnd else { return nil }
        let t = try reader.u8()
        if t == FrameType.padding.rawValue {
            finished = true
            _ = reader.rest()
            return nil
        }
        if FrameType(rawValue: t) == nil && t < 0x80 { throw .unknownCriticalFrame(t) }
        let len = Int(try reader.u16())
        guard len <= reader.remaining else {
            throw .frameOverrun(type: t, declared: len, remaining: reader.remaining)
        }
        let body = try reader.bytes(len)
        return RawFrame(typeByte: t, body: body)
    }
}

/// Appends frames to a transport payload buffer.
public struct FrameWriter {
    public var writer: ByteWriter

    public init(_ buffer: UnsafeMutableRawBufferPointer) {
        writer = ByteWriter(buffer)
    }

    /// Appends one frame whose body is written by `body`. The length field is filled in after.
    public mutating func append(_ type: FrameType, body: (inout ByteWriter) throws(WireError) -> Void) throws(WireError) {
        try append(typeByte: type.rawValue, body: body)
    }

    public mutating func append(typeByte: UInt8, body: (inout ByteWriter) throws(WireError) -> Void) throws(WireError) {
        try writer.u8(typeByte)
        let lengthAt = try writer.reserve(2)
        let start = writer.offset
        try body(&writer)
        let length = writer.offset - start
        guard length <= Int(UInt16.max) else { throw .invalidField("frame length") }
        writer.buffer.storeBytes(of: UInt16(length).bigEndian, toByteOffset: lengthAt, as: UInt16.self)
    }

    /// Bytes written so far (the payload length to seal).
    public var count: Int { writer.offset }
}
