import SkywireWire

/// Data on an installed route (frame `routeData`, 0x12): `label (4) ‖ payload`.
///
/// A relay rewrites the label in place and hands the same bytes to the next link; nothing here
/// allocates or copies.
public enum RouteDataFrame {
    public static let headerSize = 4

    /// The label and a view of the payload. A reserved label value is an error.
    public static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> (label: RouteLabel, payload: UnsafeRawBufferPointer) {
        var r = ByteReader(body)
        let label = RouteLabel(rawValue: try r.u32())
        guard label.isAllocatable else { throw .invalidField("route label") }
        return (label, r.rest())
    }

    /// Overwrites the label of a frame body in place (the relay's label swap).
    public static func rewriteLabel(_ body: UnsafeMutableRawBufferPointer, to label: RouteLabel) throws(WireError) {
        guard body.count >= headerSize else { throw .truncated(needed: headerSize, remaining: body.count) }
        body.storeBytes(of: label.rawValue.bigEndian, toByteOffset: 0, as: UInt32.self)
    }

    /// Appends `label ‖ payload` to `w` (the frame body, without the frame header).
    public static func encode(label: RouteLabel, payload: UnsafeRawBufferPointer, into w: inout ByteWriter) throws(WireError) {
        try w.u32(label.rawValue)
        try w.bytes(payload)
    }

    /// A fresh body (tests and control paths).
    public static func encode(label: RouteLabel, payload: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: headerSize)
        out.withUnsafeMutableBytes { $0.storeBytes(of: label.rawValue.bigEndian, toByteOffset: 0, as: UInt32.self) }
        return out + payload
    }
}
