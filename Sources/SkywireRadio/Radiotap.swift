/// Radiotap headers (radiotap.org): parsing what a receiver needs, building what a sender needs.
///
/// A radiotap header is `version (1) = 0 ‖ pad (1) ‖ length (2, LE) ‖ present (4, LE) …` then the
/// fields announced by the present bitmaps, in bit order, each aligned to its natural alignment
/// counted from the header's start. Bit 31 of a present word announces another word; bit 29
/// switches (back) to the radiotap namespace and bit 30 to a vendor namespace, whose data
/// (a 6-byte header `OUI (3) ‖ sub-namespace (1) ‖ skip length (2, LE)` then `skip length` bytes)
/// this parser skips. Parsing stops quietly at the first field it does not know the size of:
/// the header's length still says where the 802.11 frame begins.
public enum Radiotap {
    /// Present-bitmap bits this module reads or writes.
    public static let bitFlags = 1
    public static let bitRate = 2
    public static let bitChannel = 3
    public static let bitAntennaSignal = 5
    public static let bitAntennaNoise = 6
    public static let bitTxFlags = 15
    static let bitRadiotapNamespace = 29
    static let bitVendorNamespace = 30
    static let bitExtended = 31

    /// Flags field bits.
    public static let flagFCSAtEnd: UInt8 = 0x10
    public static let flagBadFCS: UInt8 = 0x40
    /// TX flags field bit: do not wait for an acknowledgement (and do not retry).
    public static let txFlagNoAck: UInt16 = 0x0008

    /// (alignment, size) of radiotap-namespace fields 0…27; nil for bits whose size this parser
    /// does not know (28 = TLV list and anything later).
    static let fields: [(align: Int, size: Int)] = [
        (8, 8), (1, 1), (1, 1), (2, 4), (2, 2), (1, 1), (1, 1), (2, 2),  // 0–7
        (2, 2), (2, 2), (1, 1), (1, 1), (1, 1), (1, 1), (2, 2), (2, 2),  // 8–15
        (1, 1), (1, 1), (4, 8), (1, 3), (4, 8), (2, 12), (8, 12), (2, 12),  // 16–23
        (2, 12), (2, 6), (1, 1), (2, 4),  // 24–27
    ]

    /// Parses the radiotap header at the start of `bytes` (a captured packet).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(WifiFrameError) -> RadiotapInfo {
        guard bytes.count >= 8 else { throw .radiotapTruncated(available: bytes.count) }
        guard bytes[0] == 0 else { throw .radiotapVersion(bytes[0]) }
        let length = Int(le16(bytes, 2))
        guard length >= 8, length <= bytes.count else { throw .radiotapLength(length, available: bytes.count) }
        var info = RadiotapInfo(length: length)

        // The present words.
        var words: [UInt32] = []
        var offset = 4
        while true {
            guard offset + 4 <= length else { throw .radiotapPresentTruncated }
            let word = le32(bytes, offset)
            words.append(word)
            offset += 4
            if word & (1 << UInt32(bitExtended)) == 0 { break }
        }

        // The fields, namespace by namespace.
        var inRadiotap = true  // false: inside a vendor namespace, whose data was skipped whole
        var base = 0  // bit number of this word's bit 0 within its namespace
        for word in words {
            for bit in 0..<29 where word & (1 << UInt32(bit)) != 0 {
                guard inRadiotap else { continue }
                let field = base + bit
                guard field < fields.count else { return info }  // unknown size: stop here
                let (align, size) = fields[field]
                offset = (offset + align - 1) & ~(align - 1)
                guard offset + size <= length else { throw .radiotapFieldTruncated(bit: field) }
                info.record(field: field, bytes: bytes, at: offset)
                offset += size
            }
            if word & (1 << UInt32(bitRadiotapNamespace)) != 0 {
                inRadiotap = true
                base = 0
            } else if word & (1 << UInt32(bitVendorNamespace)) != 0 {
                offset = (offset + 1) & ~1
                guard offset + 6 <= length else { throw .radiotapFieldTruncated(bit: bitVendorNamespace) }
                offset += 6 + Int(le16(bytes, offset + 4))
                guard offset <= length else { throw .radiotapFieldTruncated(bit: bitVendorNamespace) }
                inRadiotap = false
                base = 0
            } else {
                base += 32
            }
        }
        return info
    }

    /// Bytes of `transmitHeader(rate500kbps:noAck:)`: always 12.
    public static let transmitHeaderLength = 12

    /// Writes a minimal radiotap header for injection at the start of `out` and returns its
    /// length (12): FLAGS (0: no FCS in the frame), RATE (in 500 kbit/s units; 0 = let the
    /// driver choose, and the field is then left out) and TX_FLAGS (NOACK when asked).
    @discardableResult
    public static func writeTransmitHeader(into out: UnsafeMutableRawBufferPointer, rate500kbps: UInt8 = 0, noAck: Bool) -> Int {
        precondition(out.count >= transmitHeaderLength, "radiotap output buffer under 12 bytes")
        var present: UInt32 = 1 << UInt32(bitFlags) | 1 << UInt32(bitTxFlags)
        if rate500kbps != 0 { present |= 1 << UInt32(bitRate) }
        out[0] = 0
        out[1] = 0
        putLE16(out, 2, UInt16(transmitHeaderLength))
        putLE32(out, 4, present)
        out[8] = 0  // flags
        out[9] = rate500kbps  // the rate when present; else padding before the 2-aligned TX flags
        putLE16(out, 10, noAck ? txFlagNoAck : 0)
        return transmitHeaderLength
    }

    static func le16(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func le32(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(le16(b, i)) | UInt32(le16(b, i + 2)) << 16
    }
    static func putLE16(_ b: UnsafeMutableRawBufferPointer, _ i: Int, _ v: UInt16) {
        b[i] = UInt8(truncatingIfNeeded: v)
        b[i + 1] = UInt8(truncatingIfNeeded: v >> 8)
    }
    static func putLE32(_ b: UnsafeMutableRawBufferPointer, _ i: Int, _ v: UInt32) {
        putLE16(b, i, UInt16(truncatingIfNeeded: v))
        putLE16(b, i + 2, UInt16(truncatingIfNeeded: v >> 16))
    }
}

/// What a receiver learns from a radiotap header.
public struct RadiotapInfo: Equatable, Sendable {
    /// Total header length: the 802.11 frame starts here.
    public var length: Int
    /// The flags field (FCS at end, bad FCS, short preamble, ...), when present.
    public var flags: UInt8?
    /// Legacy rate in 500 kbit/s units.
    public var rate500kbps: UInt8?
    /// Channel frequency in MHz.
    public var frequency: UInt16?
    /// The first antenna-signal field in dBm (the combined signal when a driver gives several).
    public var signalDBm: Int8?
    public var noiseDBm: Int8?
    /// Present only on frames this host transmitted (reported back to monitor interfaces).
    public var txFlags: UInt16?

    public init(length: Int) { self.length = length }

    /// The frame ends with a 4-byte FCS.
    public var hasFCS: Bool { (flags ?? 0) & Radiotap.flagFCSAtEnd != 0 }
    public var badFCS: Bool { (flags ?? 0) & Radiotap.flagBadFCS != 0 }

    mutating func record(field: Int, bytes: UnsafeRawBufferPointer, at offset: Int) {
        switch field {
        case Radiotap.bitFlags: flags = bytes[offset]
        case Radiotap.bitRate: rate500kbps = bytes[offset]
        case Radiotap.bitChannel: frequency = Radiotap.le16(bytes, offset)
        case Radiotap.bitAntennaSignal: if signalDBm == nil { signalDBm = Int8(bitPattern: bytes[offset]) }
        case Radiotap.bitAntennaNoise: if noiseDBm == nil { noiseDBm = Int8(bitPattern: bytes[offset]) }
        case Radiotap.bitTxFlags: txFlags = Radiotap.le16(bytes, offset)
        default: break  // Int field numbers: not a protocol enum
        }
    }
}
