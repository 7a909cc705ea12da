import SkywireWire

/// Carrying a receipt over the link: frame type `0x20` (critical), body = the 222-byte receipt
/// (docs/protocol.md §11.2). `SkywireWire.FrameType` does not list it yet; until it does, the
/// link layer's frame reader refuses packets that hold one.
public enum ReceiptFrame {
    /// The frame type byte reserved for receipts.
    public static let type: UInt8 = 0x20

    /// Appends a receipt frame to a frame list.
    public static func append(_ receipt: Receipt, to writer: inout FrameWriter) throws(WireError) {
        let encoded = receipt.encoded
        try writer.append(typeByte: type) { (body: inout ByteWriter) throws(WireError) in try body.bytes(encoded) }
    }

    /// Decodes (and verifies) the body of a receipt frame.
    public static func decode(body: UnsafeRawBufferPointer) throws(ReceiptError) -> Receipt {
        try Receipt(decoding: body)
    }
}
