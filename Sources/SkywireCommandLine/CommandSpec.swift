/// A command of a command-line tool, described as data: its options, positional arguments,
/// subcommands and the function that runs it. `CommandLineTool` parses against it, prints help
/// from it and dispatches to it. (A small replacement for swift-argument-parser, whose
/// FoundationEssentials dependency alone costs 5.8 MB in the static agent.)
public struct CommandSpec: Sendable {
    public var name: String
    /// One line: what the command does.
    public var abstract: String
    /// A paragraph shown under the abstract in `--help` (wrapped to 80 columns).
    public var discussion: String
    public var options: [OptionSpec]
    public var arguments: [ArgumentSpec]
    public var subcommands: [CommandSpec]
    /// The subcommand run when none is named (e.g. `radios` → `radios show`).
    public var defaultSubcommand: String?
    /// Left out of the parent's help (debugging tools).
    public var isHidden: Bool
    /// Runs the command with its parsed arguments; `nil` for a command that only groups others.
    public var run: (@Sendable (ParsedArguments) throws -> Void)?

    public init(
        name: String, abstract: String, discussion: String = "",
        options: [OptionSpec] = [], arguments: [ArgumentSpec] = [],
        subcommands: [CommandSpec] = [], defaultSubcommand: String? = nil, isHidden: Bool = false,
        run: (@Sendable (ParsedArguments) throws -> Void)? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
        self.defaultSubcommand = defaultSubcommand
        self.isHidden = isHidden
        self.run = run
    }

    func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}

/// `--name <value>` (an option) or `--name` (a flag), optionally with a one-letter short form.
public struct OptionSpec: Sendable {
    public var long: String
    public var short: Character?
    /// The placeholder shown in help (`<file>`); `nil` makes this a flag that takes no value.
    public var valueName: String?
    public var help: String
    /// May be given more than once (all values are kept); otherwise the last one wins.
    public var isRepeatable: Bool

    /// An option that takes a value.
    public static func option(_ long: String, short: Character? = nil, value: String, help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: value, help: help, isRepeatable: repeatable)
    }

    /// A flag: present or not.
    public static func flag(_ long: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: nil, help: help, isRepeatable: false)
    }

    var isFlag: Bool { valueName == nil }
}

/// A positional argument.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var help: String
    public var isOptional: Bool

    public init(_ name: String, help: String, optional: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = optional
    }
}
