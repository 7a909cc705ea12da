/// The on-disk format of a receipt segment file (sans-IO):
///
/// ```
/// header:  "SWRCPT" ‖ 0x00 ‖ version 0x01                          (8 bytes)
/// record:  length (2, big-endian) = 222 ‖ receipt (222 bytes)      (repeated)
/// ```
/// Records are only ever appended. A file cut short by a crash ends in a partial record, which
/// the loader drops (the receipt's signature guards everything else).
public enum ReceiptSegmentFormat {
    public static let header: [UInt8] = Array("SWRCPT".utf8) + [0x00, 0x01]
    public static let headerSize = 8
    public static let recordSize = 2 + Receipt.encodedSize

    /// The record for `receipt`.
    public static func record(_ receipt: Receipt) -> [UInt8] {
        let length = UInt16(Receipt.encodedSize)
        return [UInt8(length >> 8), UInt8(length & 0xFF)] + receipt.encoded
    }

    /// The receipts in a segment file's bytes, how many leading bytes are good, and what was
    /// wrong with the rest (nil when all of it was good). Total: never traps.
    public static func parse(_ bytes: [UInt8]) -> (receipts: [Receipt], validLength: Int, problem: ReceiptRecordProblem?) {
        guard bytes.count >= headerSize, Array(bytes[0..<headerSize]) == header else {
            return ([], 0, .badHeader)
        }
        var receipts: [Receipt] = []
        var offset = headerSize
        while offset < bytes.count {
            guard offset + 2 <= bytes.count else { return (receipts, offset, .partialRecord(bytes: bytes.count - offset)) }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard length == Receipt.encodedSize else { return (receipts, offset, .badLength(length)) }
            guard offset + 2 + length <= bytes.count else {
                return (receipts, offset, .partialRecord(bytes: bytes.count - offset))
            }
            do throws(ReceiptError) {
                receipts.append(try Receipt(decoding: Array(bytes[(offset + 2)..<(offset + 2 + length)])))
            } catch {
                return (receipts, offset, .invalidReceipt(error))
            }
            offset += 2 + length
        }
        return (receipts, offset, nil)
    }
}
