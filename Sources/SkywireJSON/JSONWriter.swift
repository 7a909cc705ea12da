/// Writes JSON text (RFC 8259) into a `String`.
///
/// Strings are escaped completely: `"` and `\` get a backslash; `\b \f \n \r \t` their short
/// forms; every other control character below U+0020, and U+007F, U+2028, U+2029 (which break
/// JavaScript parsers), as `\u00XX` / `\u2028`. Other Unicode passes through as UTF-8.
/// Numbers: integers exactly; decimals in fixed notation, non-finite as `null`.
public struct JSONWriter {
    /// The text written so far.
    public private(set) var text = ""

    public init() {}

    /// Appends `value`.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .int(let number): text += String(number)
        case .uint(let number): text += String(number)
        case .decimal(let number, let digits):
            text += number.isFinite ? DecimalText.fixed(number, digits: digits) : "null"
        case .string(let string): writeString(string)
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                write(item)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += "," }
                writeString(member.0)
                text += ":"
                write(member.1)
            }
            text += "}"
        }
    }

    /// Appends `string` as a quoted, escaped JSON string.
    public mutating func writeString(_ string: String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    text += "\\u" + JSONWriter.hex4(scalar.value)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        var out = ""
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(digits[Int(value >> UInt32(shift) & 0xF)])
        }
        return out
    }
}
