import SkywireCommandLine
import SkywireIdentity

/// `--kind node|service|user`.
enum KeyKindOption {
    static let expected = "node, service or user"

    static func parse(_ arguments: ParsedArguments) throws(UsageError) -> KeyKind? {
        try arguments.value("kind", expected: expected) { KeyKind(rawValue: $0) }
    }
}
