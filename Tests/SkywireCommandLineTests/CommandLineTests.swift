import Testing
@testable import SkywireCommandLine

@Suite struct CommandLineTests {
    static let leaf = CommandSpec(
        name: "leaf", abstract: "A leaf.",
        options: [
            .option("out", short: "o", value: "file", help: "Output."),
            .option("peer", value: "p", help: "Peer.", repeatable: true),
            .flag("force", help: "Force."),
        ],
        arguments: [ArgumentSpec("first", help: "First."), ArgumentSpec("second", help: "Second.", optional: true)],
        run: { _ in }
    )
    static let show = CommandSpec(name: "show", abstract: "Show.", options: [.flag("json", help: "JSON.")], run: { _ in })
    static let group = CommandSpec(name: "group", abstract: "A group.", subcommands: [show], defaultSubcommand: "show")
    static let root = CommandSpec(name: "tool", abstract: "The tool.", options: [.flag("version", help: "Version.")],
                                  subcommands: [leaf, group])

    func resolve(_ words: [String]) -> CommandLineTool.Resolution {
        CommandLineTool.resolve(Self.root, arguments: words[...])
    }

    func parsed(_ words: [String]) throws -> ParsedArguments {
        guard case .run(_, let parsed) = resolve(words) else { throw UsageError.invalid("did not resolve to a run: \(words)") }
        return parsed
    }

    func usageError(_ words: [String]) -> UsageError? {
        if case .usage(let error, _) = resolve(words) { return error }
        return nil
    }

    @Test func optionsFlagsAndPositionals() throws {
        let p = try parsed(["leaf", "a", "--out", "f1", "--force", "--peer", "x", "--peer=y", "b", "-o", "f2"])
        #expect(p.argument("first") == "a" && p.argument("second") == "b")
        #expect(p.value("out") == "f2")
        #expect(p.values("peer") == ["x", "y"])
        #expect(p.flag("force"))
        let q = try parsed(["leaf", "--", "-dash"])
        #expect(q.argument("first") == "-dash" && q.argument("second") == nil && !q.flag("force"))
    }

    @Test func usageMistakes() {
        #expect(usageError(["nope"]) == .unknownCommand("nope"))
        #expect(usageError(["leaf", "a", "--nope"]) == .unknownOption("--nope"))
        #expect(usageError(["leaf", "a", "--out"]) == .missingValue(option: "--out"))
        #expect(usageError(["leaf"]) == .missingArgument("first"))
        #expect(usageError(["leaf", "a", "b", "c"]) == .unexpectedArgument("c"))
        #expect(usageError(["leaf", "a", "--force=1"]) == .unexpectedArgument("--force=1"))
    }

    @Test func convertedValues() throws {
        let p = try parsed(["leaf", "a", "--out", "12"])
        #expect(try p.value("out", expected: "a number") { Int($0) } == 12)
        let q = try parsed(["leaf", "a", "--out", "x"])
        #expect(throws: UsageError.invalidValue(name: "--out", value: "x", expected: "a number")) {
            try q.value("out", expected: "a number") { Int($0) }
        }
    }

    @Test func helpAndVersion() {
        for words in [["--help"], ["-h"], ["help"], []] {
            guard case .help(let c, _) = resolve(words) else { Issue.record("\(words)"); continue }
            #expect(c.name == "tool")
        }
        for words in [["leaf", "--help"], ["help", "leaf"], ["leaf", "-h"]] {
            guard case .help(let c, let path) = resolve(words) else { Issue.record("\(words)"); continue }
            #expect(c.name == "leaf" && path == ["tool", "leaf"])
        }
        guard case .version = resolve(["--version"]) else { Issue.record("version"); return }
    }

    @Test func defaultSubcommand() throws {
        guard case .run(let c, let p) = resolve(["group", "--json"]) else { Issue.record("default"); return }
        #expect(c.name == "show" && p.flag("json"))
        guard case .run(let d, _) = resolve(["group"]) else { Issue.record("default, no words"); return }
        #expect(d.name == "show")
    }

    @Test func helpText() {
        let text = HelpText.render(Self.leaf, path: ["tool", "leaf"])
        #expect(text.hasPrefix("OVERVIEW: A leaf.\n"))
        #expect(text.contains("USAGE: tool leaf [--out <file>] [--peer <p>] ... [--force] <first> [<second>]"))
        #expect(text.contains("  -o, --out <file>        Output.\n"))
        #expect(text.contains("  -h, --help              Show help information.\n"))
        let rootText = HelpText.render(Self.root, path: ["tool"])
        #expect(rootText.contains("SUBCOMMANDS:\n  leaf                    A leaf.\n  group                   A group.\n"))
    }

    @Test func wrapping() {
        let text = HelpText.wrap(String(repeating: "word ", count: 40), width: 20, indent: "  ")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 22 && $0.hasPrefix("  ") })
    }
}
