/// Bodies of the link-maintenance frames. Each has a fixed size; a body of any other size is an error.

/// `probe` (0x02): id (4) ‖ sent-at (8, the sender's monotonic clock in ns; opaque to the receiver).
public struct ProbeFrame: Equatable, Sendable {
    public static let size = 12
    public var id: UInt32
    public var sentAt: UInt64
    public init(id: UInt32, sentAt: UInt64) { self.id = id; self.sentAt = sentAt }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        try w.u32(id)
        try w.u64(sentAt)
    }

    public static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> ProbeFrame {
        var r = ByteReader(body)
        let f = ProbeFrame(id: try r.u32(), sentAt: try r.u64())
        try r.expectEnd()
        return f
    }
}

/// `probeEcho` (0x03): id (4) ‖ sent-at (8, copied from the probe) ‖ hold time (4, µs the echoer
/// held the probe before answering, so the prober can subtract it from the RTT).
public struct ProbeEchoFrame: Equatable, Sendable {
    public static let size = 16
    public var id: UInt32
    public var sentAt: UInt64
    public var holdMicros: UInt32
    public init(id: UInt32, sentAt: UInt64, holdMicros: UInt32) {
        self.id = id; self.sentAt = sentAt; self.holdMicros = holdMicros
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        try w.u32(id)
        try w.u64(sentAt)
        try w.u32(holdMicros)
    }

    public static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> ProbeEchoFrame {
        var r = ByteReader(body)
        let f = ProbeEchoFrame(id: try r.u32(), sentAt: try r.u64(), holdMicros: try r.u32())
        try r.expectEnd()
        return f
    }
}

/// `receiveReport` (0x04): what the sender has received from the peer on this link so far
/// (cumulative, so a lost report loses nothing): packets (8) ‖ bytes (8) ‖ highest counter (8).
/// The peer compares with what it sent to compute loss and delivered throughput in its direction.
public struct ReceiveReportFrame: Equatable, Sendable {
    public static let size = 24
    public var packets: UInt64
    public var bytes: UInt64
    public var highestCounter: UInt64
    public init(packets: UInt64, bytes: UInt64, highestCounter: UInt64) {
        self.packets = packets; self.bytes = bytes; self.highestCounter = highestCounter
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        try w.u64(packets)
        try w.u64(bytes)
        try w.u64(highestCounter)
    }

    public static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> ReceiveReportFrame {
        var r = ByteReader(body)
        let f = ReceiveReportFrame(packets: try r.u64(), bytes: try r.u64(), highestCounter: try r.u64())
        try r.expectEnd()
        return f
    }
}
