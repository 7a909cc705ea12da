/// A minimal JSON writer for command output (no Foundation in Sources/).
struct JSONText {
    private(set) var text = ""

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// `{"k": v, ...}` from already-encoded values; nil values are written as null.
    static func object(_ pairs: [(String, String?)]) -> String {
        "{" + pairs.map { quoted($0.0) + ":" + ($0.1 ?? "null") }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
    static func string(_ s: String?) -> String? { s.map(quoted) }
    static func number<T: BinaryInteger>(_ n: T?) -> String? { n.map { String($0) } }
    static func bool(_ b: Bool) -> String { b ? "true" : "false" }
}

/// Bytes of an SSID or mesh ID as text (lossy UTF-8; they are usually ASCII).
func networkName(_ bytes: [UInt8]?) -> String? {
    bytes.map { String(decoding: $0, as: UTF8.self) }
}
