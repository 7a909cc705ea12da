public import SkywireCrypto

/// The text format of a key file, without any I/O.
///
/// ```
/// # skywire node key - secret, keep mode 0600
/// kind node
/// secret <64 lower-case hex digits: the 32-byte scalar>
/// public <the text form of the public key, see KeyAddress>
/// ```
///
/// Rules for reading: UTF-8/ASCII lines ending in `\n` (the last one too: a missing final newline
/// means the file was cut short); blank lines and lines starting with `#` are ignored; leading and
/// trailing spaces/tabs are ignored; every other line is `<field> <value>` with field `kind`,
/// `secret` or `public`, each exactly once. The `public` line must be the secret's public key with
/// the file's kind: it is redundant on purpose, to catch corruption of the secret and to let a
/// person read the key's address without tools.
public enum KeyFileFormat {
    /// Anything larger is not a key file (a written one is about 190 bytes).
    public static let maximumSize = 4096

    /// The file's bytes, in wiped memory because they hold the secret in hex.
    public static func serialize(_ identity: Identity) -> SecretBytes {
        let head = Array("# skywire \(identity.kind) key - secret, keep mode 0600\nkind \(identity.kind)\nsecret ".utf8)
        let tail = Array("\npublic \(identity.address.text)\n".utf8)
        let secretHexCount = 2 * PrivateKey.byteCount
        let out = SecretBytes(zeroedCount: head.count + secretHexCount + tail.count)
        let digits = Array("0123456789abcdef".utf8)
        out.withUnsafeMutableBytes { o in
            var at = 0
            for b in head { o[at] = b; at += 1 }
            identity.privateKey.secret.withUnsafeBytes { s in
                for b in s {
                    o[at] = digits[Int(b >> 4)]
                    o[at + 1] = digits[Int(b & 0x0f)]
                    at += 2
                }
            }
            for b in tail { o[at] = b; at += 1 }
        }
        return out
    }

    /// Parses a key file's bytes. `path` only names the file in errors; `kind`, when given, is
    /// the kind the caller needs.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, path: String, expecting kind: KeyKind? = nil
    ) throws(KeyFileError) -> Identity {
        guard bytes.count > 0 else { throw .empty(path: path) }
        guard bytes.count <= maximumSize else { throw .tooLarge(path: path, size: bytes.count) }
        var kindRange: Range<Int>?, secretRange: Range<Int>?, publicRange: Range<Int>?
        var kindLine = 0, secretLine = 0
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let complete = end < bytes.count
            defer { start = end + 1 }
            var lo = start, hi = end
            while lo < hi, isBlank(bytes[lo]) { lo += 1 }
            while hi > lo, isBlank(bytes[hi - 1]) { hi -= 1 }
            let isComment = lo < hi && bytes[lo] == UInt8(ascii: "#")
            for i in lo..<hi where bytes[i] < 0x20 && bytes[i] != UInt8(ascii: "\t") || bytes[i] == 0x7f
                || (bytes[i] > 0x7f && !isComment) {
                throw .malformed(path: path, line: lineNumber, reason: "unexpected non-text byte")
            }
            // A last line without its newline: the file was cut short (or never finished).
            guard complete else { throw .truncated(path: path) }
            if lo == hi || isComment { continue }
            var split = lo
            while split < hi, !isBlank(bytes[split]) { split += 1 }
            var valueStart = split
            while valueStart < hi, isBlank(bytes[valueStart]) { valueStart += 1 }
            let field = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lo..<split]), as: UTF8.self)
            guard valueStart < hi else {
                throw .malformed(path: path, line: lineNumber, reason: "'\(shortened(field))' has no value")
            }
            let value = valueStart..<hi
            switch field {
            case "kind":
                guard kindRange == nil else { throw .malformed(path: path, line: lineNumber, reason: "second 'kind' line") }
                kindRange = value; kindLine = lineNumber
            case "secret":
                guard secretRange == nil else { throw .malformed(path: path, line: lineNumber, reason: "second 'secret' line") }
                secretRange = value; secretLine = lineNumber
            case "public":
                guard publicRange == nil else { throw .malformed(path: path, line: lineNumber, reason: "second 'public' line") }
                publicRange = value
            default:
                throw .malformed(path: path, line: lineNumber, reason: "unknown field '\(shortened(field))'")
            }
        }
        guard let kindRange else { throw .missingField(path: path, field: "kind") }
        guard let secretRange else { throw .missingField(path: path, field: "secret") }
        guard let publicRange else { throw .missingField(path: path, field: "public") }

        let kindText = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[kindRange]), as: UTF8.self)
        guard let fileKind = KeyKind(rawValue: kindText) else {
            throw .malformed(path: path, line: kindLine, reason: "unknown kind '\(shortened(kindText))' (node, service or user)")
        }
        if let kind, kind != fileKind { throw .wrongKind(path: path, expected: kind, found: fileKind) }

        guard let secret = decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[secretRange])) else {
            throw .malformed(path: path, line: secretLine, reason: "secret is not \(2 * PrivateKey.byteCount) hex digits")
        }
        let privateKey: PrivateKey
        do { privateKey = try PrivateKey(secret: secret) } catch { throw .invalidSecret(path: path) }

        let publicText = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[publicRange]), as: UTF8.self)
        let stated: KeyAddress
        do { stated = try KeyAddress(parsing: publicText) } catch { throw .invalidPublicKey(path: path, error) }
        guard stated.kind == fileKind, stated.publicKey == privateKey.publicKey else {
            throw .publicKeyMismatch(path: path)
        }
        return Identity(kind: fileKind, privateKey: privateKey)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// At most 20 characters of a user-supplied word, for an error message.
    private static func shortened(_ text: String) -> String {
        text.count <= 20 ? text : String(text.prefix(20)) + "..."
    }

    /// Exactly 64 hex digits (either case) into 32 bytes of wiped memory, with no other copy.
    private static func decodeSecret(_ hex: UnsafeRawBufferPointer) -> SecretBytes? {
        guard hex.count == 2 * PrivateKey.byteCount else { return nil }
        let out = SecretBytes(zeroedCount: PrivateKey.byteCount)
        let ok = out.withUnsafeMutableBytes { o -> Bool in
            var valid = true
            for i in 0..<PrivateKey.byteCount {
                let hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1])
                if hi > 15 || lo > 15 { valid = false }
                o[i] = (hi << 4) | (lo & 0x0f)
            }
            return valid
        }
        return ok ? out : nil
    }

    /// 0...15 for a hex digit, 0xff otherwise.
    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: 0xff
        }
    }
}
