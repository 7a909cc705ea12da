/// Linux interface names: at most 15 bytes, not `.` or `..`, without `/`, `:`, whitespace or
/// NUL (the kernel's `dev_valid_name`). A `%d` in a requested name asks the kernel to pick the
/// lowest free number (`sw%d` → `sw0`, `sw1`, ...).
public enum InterfaceName {
    /// The longest name the kernel accepts (IFNAMSIZ − 1).
    public static let maximumLength = 15

    /// True when the kernel would accept `name` as an interface name.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength, name != ".", name != ".." else { return false }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: ":"), 0, 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return false
            default: continue
            }
        }
        return true
    }

    /// True when `name` is also safe inside a quoted nftables string: ASCII letters, digits and
    /// `_ - . @ +` only. Names written into rulesets must pass this check.
    public static func isSafeForRuleset(_ name: String) -> Bool {
        guard isValid(name), !name.contains("%") else { return false }
        for byte in name.utf8 {
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A)
            let isPunctuation = byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "+")
            guard isAlphanumeric || isPunctuation else { return false }
        }
        return true
    }
}
