/// Why bytes are not a valid receipt. Decoding is total: every bad input lands here.
public enum ReceiptError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not exactly ``Receipt/encodedSize`` bytes.
    case wrongLength(Int)
    /// A version other than 1.
    case unsupportedVersion(UInt8)
    /// Reserved bytes that are not zero.
    case reservedNotZero
    /// A key that is not a valid compressed secp256k1 point.
    case invalidKey
    /// Fields that contradict each other (named).
    case inconsistent(StaticString)
    /// The receiver's signature does not verify: the receipt was altered or forged.
    case badSignature

    public var description: String {
        switch self {
        case .wrongLength(let count): "receipt of \(count) bytes (expected \(Receipt.encodedSize))"
        case .unsupportedVersion(let version): "receipt version \(version) is not supported"
        case .reservedNotZero: "receipt reserved bytes are not zero"
        case .invalidKey: "receipt key is not a valid public key"
        case .inconsistent(let what): "receipt is inconsistent: \(what)"
        case .badSignature: "receipt signature does not verify"
        }
    }

    public static func == (a: ReceiptError, b: ReceiptError) -> Bool {
        switch (a, b) {
        case let (.wrongLength(x), .wrongLength(y)): return x == y
        case let (.unsupportedVersion(x), .unsupportedVersion(y)): return x == y
        case (.reservedNotZero, .reservedNotZero), (.invalidKey, .invalidKey), (.badSignature, .badSignature): return true
        case let (.inconsistent(x), .inconsistent(y)): return x.description == y.description
        case (.wrongLength, _), (.unsupportedVersion, _), (.reservedNotZero, _), (.invalidKey, _),
             (.inconsistent, _), (.badSignature, _):
            return false
        }
    }
}
