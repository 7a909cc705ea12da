import SkywireWire

/// Frame types inside the plaintext of a session transport packet (docs/protocol.md §9.4).
/// Every frame is `type (1) ‖ length (2) ‖ body`, as link frames are (§5): `0x00` ends the
/// list (padding follows), unknown types below `0x80` invalidate the packet, unknown types from
/// `0x80` up are skipped.
enum SessionFrameType: UInt8 {
    case padding = 0x00
    /// Asks for an acknowledgement; empty body.
    case ping = 0x01
    /// Acknowledges packet numbers and advertises the stream receive window.
    case ack = 0x02
    /// Reliable ordered stream bytes at an offset.
    case stream = 0x03
    /// One unreliable datagram.
    case datagram = 0x04
    /// The sender closes the session.
    case close = 0x05
}

/// An ACK frame: `largest (8) ‖ ack delay µs (4) ‖ max stream offset (8) ‖ first range (4) ‖
/// (gap (4) ‖ range (4))*`. Packet numbers are the transport counters. The first range covers
/// `largest − first … largest`; each further range ends `gap + 2` below the previous range's
/// smallest and covers `range + 1` numbers (QUIC's ACK range encoding, fixed-width).
struct AckFrame {
    static let fixedSize = 24
    static let rangeSize = 8

    var largest: UInt64
    /// Microseconds between receiving `largest` and sending this frame.
    var ackDelayMicros: UInt32
    /// The stream offset up to which the sender of the frame accepts bytes (its window).
    var maxStreamOffset: UInt64
    var firstRange: UInt32
    /// The `(gap, range)` pairs, still encoded (validated by the decoder).
    var extraRanges: UnsafeRawBufferPointer

    /// Calls `body` with every acknowledged range, highest first, as half-open ranges.
    func forEachRange(_ body: (Range<UInt64>) -> Void) {
        var high = largest
        var low = largest - UInt64(firstRange)
        body(low..<(high + 1))
        var reader = ByteReader(extraRanges)
        while !reader.isAtEnd {
            guard let gap = try? reader.u32(), let length = try? reader.u32() else { return }
            high = low - UInt64(gap) - 2
            low = high - UInt64(length)
            body(low..<(high + 1))
        }
    }

    /// Validates the ranges (no underflow) and the fixed fields.
    static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> AckFrame {
        var r = ByteReader(body)
        let largest = try r.u64()
        let delay = try r.u32()
        let maxOffset = try r.u64()
        let first = try r.u32()
        guard largest < UInt64.max else { throw .invalidField("ack largest") }
        guard UInt64(first) <= largest else { throw .invalidField("ack first range") }
        guard maxOffset <= StreamFrame.maximumOffset else { throw .invalidField("ack max stream offset") }
        let extra = r.rest()
        guard extra.count % rangeSize == 0 else { throw .invalidField("ack range length") }
        var low = largest - UInt64(first)
        var check = ByteReader(extra)
        while !check.isAtEnd {
            let gap = UInt64(try check.u32())
            let length = UInt64(try check.u32())
            guard low >= gap + 2 else { throw .invalidField("ack gap") }
            let high = low - gap - 2
            guard high >= length else { throw .invalidField("ack range") }
            low = high - length
        }
        return AckFrame(largest: largest, ackDelayMicros: delay, maxStreamOffset: maxOffset,
                        firstRange: first, extraRanges: extra)
    }

    /// Writes an ACK frame (header included) for `ranges`: disjoint, non-adjacent ranges,
    /// highest first, all non-empty. Ranges whose gap or length does not fit 32 bits, and
    /// those that do not fit the writer, are left out.
    static func encode(
        ranges: [Range<UInt64>], ackDelayMicros: UInt32, maxStreamOffset: UInt64, into w: inout ByteWriter
    ) throws(WireError) {
        guard let top = ranges.first else { return }
        let available = w.remaining - 3 - fixedSize
        guard available >= 0 else { throw .bufferTooSmall(needed: 3 + fixedSize, remaining: w.remaining) }
        let largest = top.upperBound - 1
        let firstSpan = min(top.upperBound - top.lowerBound - 1, UInt64(UInt32.max))
        // Count the ranges that encode.
        var extra = 0
        var low = largest - firstSpan
        while extra + 1 < ranges.count && (extra + 1) * rangeSize <= available {
            let range = ranges[extra + 1]
            let high = range.upperBound - 1
            guard low >= high + 2 else { break }
            let gap = low - high - 2
            let length = high - range.lowerBound
            guard gap <= UInt64(UInt32.max), length <= UInt64(UInt32.max) else { break }
            low = range.lowerBound
            extra += 1
        }
        try w.u8(SessionFrameType.ack.rawValue)
        try w.u16(UInt16(fixedSize + extra * rangeSize))
        try w.u64(largest)
        try w.u32(ackDelayMicros)
        try w.u64(maxStreamOffset)
        try w.u32(UInt32(firstSpan))
        low = largest - firstSpan
        for k in 0..<extra {
            let range = ranges[k + 1]
            let high = range.upperBound - 1
            try w.u32(UInt32(low - high - 2))
            try w.u32(UInt32(high - range.lowerBound))
            low = range.lowerBound
        }
    }
}

/// A STREAM frame: `offset (8) ‖ flags (1; bit 0 = FIN, others 0) ‖ data`. FIN says the
/// stream ends right after this frame's data.
struct StreamFrame {
    /// Offsets (and offset + length) stay below 2^62, far from overflow.
    static let maximumOffset: UInt64 = 1 << 62
    static let headerSize = 9
    static let finFlag: UInt8 = 0x01

    var offset: UInt64
    var fin: Bool
    var data: UnsafeRawBufferPointer

    static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> StreamFrame {
        var r = ByteReader(body)
        let offset = try r.u64()
        let flags = try r.u8()
        guard flags & ~finFlag == 0 else { throw .invalidField("stream flags") }
        let data = r.rest()
        guard offset <= maximumOffset, UInt64(data.count) <= maximumOffset - offset else {
            throw .invalidField("stream offset")
        }
        return StreamFrame(offset: offset, fin: flags & finFlag != 0, data: data)
    }

    /// Writes the frame header and reserves `length` data bytes; returns where they start.
    static func encodeHeader(offset: UInt64, length: Int, fin: Bool, into w: inout ByteWriter) throws(WireError) -> Int {
        try w.u8(SessionFrameType.stream.rawValue)
        try w.u16(UInt16(headerSize + length))
        try w.u64(offset)
        try w.u8(fin ? finFlag : 0)
        return try w.reserve(length)
    }
}

/// One decoded session frame; views point into the packet being read.
enum SessionFrame {
    case ping
    case ack(AckFrame)
    case stream(StreamFrame)
    case datagram(UnsafeRawBufferPointer)
    case close(code: UInt16)
    /// An optional frame (type ≥ 0x80) this version does not know: skipped.
    case unknownOptional(UInt8)
}

/// Walks the frames of a session packet's plaintext without copying.
struct SessionFrameReader {
    private var reader: ByteReader
    private var finished = false

    init(_ plaintext: UnsafeRawBufferPointer) {
        reader = ByteReader(plaintext)
    }

    /// The next frame, nil at the end of the list or at padding.
    mutating func next() throws(WireError) -> SessionFrame? {
        guard !finished, !reader.isAtEnd else { return nil }
        let typeByte = try reader.u8()
        if typeByte == SessionFrameType.padding.rawValue {
            finished = true
            return nil
        }
        let length = Int(try reader.u16())
        guard length <= reader.remaining else {
            throw .frameOverrun(type: typeByte, declared: length, remaining: reader.remaining)
        }
        let body = try reader.bytes(length)
        guard let type = SessionFrameType(rawValue: typeByte) else {
            if typeByte < 0x80 { throw .unknownCriticalFrame(typeByte) }
            return .unknownOptional(typeByte)
        }
        switch type {
        case .padding:
            finished = true
            return nil
        case .ping:
            guard body.isEmpty else { throw .invalidField("ping body") }
            return .ping
        case .ack:
            return .ack(try AckFrame.decode(body))
        case .stream:
            return .stream(try StreamFrame.decode(body))
        case .datagram:
            return .datagram(body)
        case .close:
            guard body.count == 2 else { throw .invalidField("close body") }
            return .close(code: UInt16(body[0]) << 8 | UInt16(body[1]))
        }
    }

    /// Checks that every frame of `plaintext` decodes (nothing is acted on).
    static func validate(_ plaintext: UnsafeRawBufferPointer) throws(WireError) {
        var reader = SessionFrameReader(plaintext)
        while try reader.next() != nil {}
    }
}

/// Writers for the small frames.
enum SessionFrameWriter {
    static let frameHeaderSize = 3

    static func ping(into w: inout ByteWriter) throws(WireError) {
        try w.u8(SessionFrameType.ping.rawValue)
        try w.u16(0)
    }

    static func close(code: UInt16, into w: inout ByteWriter) throws(WireError) {
        try w.u8(SessionFrameType.close.rawValue)
        try w.u16(2)
        try w.u16(code)
    }

    /// Writes a datagram frame whose body is `data`.
    static func datagram(_ data: UnsafeRawBufferPointer, into w: inout ByteWriter) throws(WireError) {
        try w.u8(SessionFrameType.datagram.rawValue)
        try w.u16(UInt16(data.count))
        try w.bytes(data)
    }
}
