/// Why a captured frame was not accepted. Decoders return these for any input, never trap.
public enum WifiFrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer than 8 bytes: no room for the radiotap header itself.
    case radiotapTruncated(available: Int)
    /// Radiotap version other than 0.
    case radiotapVersion(UInt8)
    /// The radiotap length is below 8 or beyond the captured bytes.
    case radiotapLength(Int, available: Int)
    /// The chain of present bitmaps runs past the radiotap length.
    case radiotapPresentTruncated
    /// A field announced by the present bitmap runs past the radiotap length.
    case radiotapFieldTruncated(bit: Int)
    /// The radiotap flags say the frame failed its FCS check.
    case badFCS
    /// The 802.11 part is shorter than the next part needs.
    case truncated(part: String, needed: Int, available: Int)
    /// Not a plain data frame (type 2, subtype 0), or ToDS/FromDS set, or protected.
    case notSkywireDataFrame(frameControl: UInt16)
    /// The BSSID (address 3) is not the skywire BSSID.
    case foreignBSSID(MACAddress)
    /// The LLC/SNAP header is not `AA AA 03 00 00 00 88 B5`.
    case foreignPayload
    /// Fragment count 0 or above 16, or index not below count.
    case badFragment(index: UInt8, count: UInt8)
    /// A fragment without payload bytes.
    case emptyFragment

    public var description: String {
        switch self {
        case .radiotapTruncated(let n): return "radiotap header truncated (\(n) bytes)"
        case .radiotapVersion(let v): return "radiotap version \(v)"
        case .radiotapLength(let l, let n): return "radiotap length \(l) with \(n) bytes captured"
        case .radiotapPresentTruncated: return "radiotap present bitmaps run past the header"
        case .radiotapFieldTruncated(let bit): return "radiotap field \(bit) runs past the header"
        case .badFCS: return "frame failed its FCS check"
        case .truncated(let part, let needed, let n): return "\(part) truncated: needs \(needed) bytes, \(n) left"
        case .notSkywireDataFrame(let fc): return "not a skywire data frame (frame control 0x\(String(fc, radix: 16)))"
        case .foreignBSSID(let b): return "foreign BSSID \(b)"
        case .foreignPayload: return "not a skywire LLC/SNAP payload"
        case .badFragment(let i, let c): return "bad fragment \(i) of \(c)"
        case .emptyFragment: return "empty fragment"
        }
    }
}
