/// What the command line said, by option and argument name.
public struct ParsedArguments: Sendable {
    var flags: Set<String> = []
    var values: [String: [String]] = [:]
    var positionals: [String: String] = [:]

    /// Whether the flag `--long` was given.
    public func flag(_ long: String) -> Bool { flags.contains(long) }

    /// The value of `--long` (the last one if given more than once).
    public func value(_ long: String) -> String? { values[long]?.last }

    /// Every value of a repeatable `--long`, in order.
    public func values(_ long: String) -> [String] { values[long] ?? [] }

    /// The positional argument `name`.
    public func argument(_ name: String) -> String? { positionals[name] }

    /// The value of `--long` converted by `convert`; a value it refuses is a usage error that
    /// names the option and what was expected.
    public func value<T>(_ long: String, expected: String, _ convert: (String) -> T?) throws(UsageError) -> T? {
        guard let text = value(long) else { return nil }
        guard let converted = convert(text) else { throw .invalidValue(name: "--" + long, value: text, expected: expected) }
        return converted
    }

    /// The positional argument `name` converted by `convert` (it must be present: the parser
    /// checks required arguments).
    public func argument<T>(_ name: String, expected: String, _ convert: (String) -> T?) throws(UsageError) -> T {
        let text = argument(name) ?? ""
        guard let converted = convert(text) else { throw .invalidValue(name: "<" + name + ">", value: text, expected: expected) }
        return converted
    }
}

/// A mistake in how the tool was called: printed as one line, exit status 64 (EX_USAGE).
public enum UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownOption(String)
    case missingValue(option: String)
    case unexpectedArgument(String)
    case missingArgument(String)
    case unknownCommand(String)
    case invalidValue(name: String, value: String, expected: String)
    /// A check of the command itself (for example two options that exclude each other).
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownOption(let o): return "unknown option '\(o)'"
        case .missingValue(let o): return "missing value for '\(o)'"
        case .unexpectedArgument(let a): return "unexpected argument '\(a)'"
        case .missingArgument(let a): return "missing argument <\(a)>"
        case .unknownCommand(let c): return "unknown command '\(c)'"
        case .invalidValue(let n, let v, let e): return "invalid value '\(v)' for \(n): expected \(e)"
        case .invalid(let message): return message
        }
    }
}
