/// Every way reading or writing a key file can fail. Each `description` is one line that names
/// the file. None of these is ever answered by making a new key.
public enum KeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the path.
    case notFound(path: String)
    /// Writing without `force` and the path is taken.
    case alreadyExists(path: String)
    /// The path is a directory, device, socket or FIFO.
    case notRegularFile(path: String)
    /// Group or others have some access (`mode & 0o077 != 0`); the secret may have leaked.
    case permissionsTooOpen(path: String, mode: UInt32)
    /// Larger than any key file (``KeyFileFormat/maximumSize``).
    case tooLarge(path: String, size: Int)
    /// Zero bytes.
    case empty(path: String)
    /// The last line has no newline: the file was cut short.
    case truncated(path: String)
    /// One of the lines `kind`, `secret`, `public` is absent (cut short, or edited).
    case missingField(path: String, field: String)
    /// A line that is not `# comment`, empty, or `kind|secret|public <value>`; or a bad value.
    case malformed(path: String, line: Int, reason: String)
    /// A valid key file of another kind than the one asked for.
    case wrongKind(path: String, expected: KeyKind, found: KeyKind)
    /// 32 bytes that are not a valid secp256k1 secret scalar (zero, or not below the order).
    case invalidSecret(path: String)
    /// The `public` line does not parse as a key text form.
    case invalidPublicKey(path: String, AddressError)
    /// The `public` line is a valid key, but not the secret's public key (or not of the file's kind).
    case publicKeyMismatch(path: String)
    /// A system call failed; `operation` names it, `errno` says why.
    case system(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .notFound(let path):
            "key file \(Self.show(path)) does not exist (create one with 'skywire keygen')"
        case .alreadyExists(let path):
            "key file \(Self.show(path)) already exists; not overwriting it (use --force to replace the key)"
        case .notRegularFile(let path):
            "key file \(Self.show(path)) is not a regular file"
        case .permissionsTooOpen(let path, let mode):
            "permissions \(Self.octal(mode)) for key file \(Self.show(path)) are too open; chmod 600 \(Self.show(path))"
        case .tooLarge(let path, let size):
            "key file \(Self.show(path)) is too large (\(size) bytes) to be a key file"
        case .empty(let path):
            "key file \(Self.show(path)) is empty"
        case .truncated(let path):
            "key file \(Self.show(path)) is truncated (last line incomplete)"
        case .missingField(let path, let field):
            "key file \(Self.show(path)) is incomplete: no '\(field)' line (truncated?)"
        case .malformed(let path, let line, let reason):
            "key file \(Self.show(path)) line \(line): \(reason)"
        case .wrongKind(let path, let expected, let found):
            "key file \(Self.show(path)) holds a \(found) key, expected a \(expected) key"
        case .invalidSecret(let path):
            "key file \(Self.show(path)) is corrupted: secret is not a valid secp256k1 key"
        case .invalidPublicKey(let path, let error):
            "key file \(Self.show(path)) is corrupted: public line: \(error)"
        case .publicKeyMismatch(let path):
            "key file \(Self.show(path)) is corrupted: public line does not match the secret"
        case .system(let path, let operation, let code):
            "key file \(Self.show(path)): \(Self.show(operation)) failed: \(SystemError.message(code))"
        }
    }

    /// The path with control characters escaped, so a message stays on one line.
    static func show(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += "\\x" + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
