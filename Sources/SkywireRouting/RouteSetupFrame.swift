import SkywireWire

/// The route setup frame body (type `routeSetup`, 0x11): two clear labels for this link, then
/// the onion. Always `RouteSetupLayout.frameBodySize` (1146) bytes.
///
/// ```
/// 0     4     forward label (top bit 0): the label of packets sender → receiver on this route
/// 4     4     reverse label (top bit 1): the label the receiver puts on answers back to the sender
/// 8     1     version = 0
/// 9     33    ephemeral key E (blinded anew at every hop)
/// 42    1088  routing info (one layer of ChaCha20 per remaining hop)
/// 1130  16    MAC over routing info ‖ version, under this hop's mu key
/// ```
public struct RouteSetupFrame: Equatable, Sendable {
    public var forwardLabel: RouteLabel
    public var reverseLabel: RouteLabel
    /// version ‖ ephemeral key ‖ routing info ‖ MAC (`RouteSetupLayout.onionSize` bytes).
    public var onion: [UInt8]

    public init(forwardLabel: RouteLabel, reverseLabel: RouteLabel, onion: [UInt8]) {
        self.forwardLabel = forwardLabel
        self.reverseLabel = reverseLabel
        self.onion = onion
    }

    /// The frame body.
    public func encode() throws(WireError) -> [UInt8] {
        try ByteWriter.encode(capacity: RouteSetupLayout.frameBodySize) { (w) throws(WireError) in try encode(into: &w) }
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        guard onion.count == RouteSetupLayout.onionSize else { throw .invalidField("onion size") }
        try w.u32(forwardLabel.rawValue)
        try w.u32(reverseLabel.rawValue)
        try w.bytes(onion)
    }

    /// Parses a frame body: exact size, labels of the right directions. The onion is checked by
    /// `RouteSetupProcessor`.
    public static func decode(_ body: UnsafeRawBufferPointer) throws(RouteSetupError) -> RouteSetupFrame {
        guard body.count == RouteSetupLayout.frameBodySize else {
            if body.count < RouteSetupLayout.frameBodySize {
                throw .malformed(.truncated(needed: RouteSetupLayout.frameBodySize, remaining: body.count))
            }
            throw .malformed(.trailingBytes(body.count - RouteSetupLayout.frameBodySize))
        }
        let forward = RouteLabel(rawValue: UInt32(bigEndian: body.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
        let reverse = RouteLabel(rawValue: UInt32(bigEndian: body.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        guard !forward.isReverse, reverse.isReverse, forward.isAllocatable, reverse.isAllocatable else { throw .invalidLabel }
        let onion = Array(UnsafeRawBufferPointer(rebasing: body[RouteSetupLayout.labelsSize...]))
        guard onion[0] == RouteSetupLayout.version else { throw .unsupportedVersion(onion[0]) }
        return RouteSetupFrame(forwardLabel: forward, reverseLabel: reverse, onion: onion)
    }

    public static func decode(_ body: [UInt8]) throws(RouteSetupError) -> RouteSetupFrame {
        let r: Result<RouteSetupFrame, RouteSetupError> = body.withUnsafeBytes { raw in
            Result { () throws(RouteSetupError) in try decode(raw) }
        }
        return try r.get()
    }
}
