import Glibc

/// Runs a command-line tool: finds the subcommand, parses its arguments, prints help or the
/// version, and turns errors into one line on stderr (`<tool>: error: ...`) with exit status 64
/// for a usage mistake and 1 for a failure while running.
public enum CommandLineTool {
    /// Parses `arguments` (without the program name) against `root` and runs the command. Never returns.
    public static func main(_ root: CommandSpec, version: String, arguments: [String]) -> Never {
        switch resolve(root, arguments: arguments[...]) {
        case .help(let command, let path):
            print(HelpText.render(command, path: path), terminator: "")
            exit(0)
        case .version:
            print(version)
            exit(0)
        case .usage(let error, let path):
            printError(root.name, "\(error.description) (see '\(path.joined(separator: " ")) --help')")
            exit(64)
        case .run(let command, let parsed):
            do {
                try command.run?(parsed)
                exit(0)
            } catch let error as UsageError {
                printError(root.name, error.description)
                exit(64)
            } catch {
                printError(root.name, String(describing: error))
                exit(1)
            }
        }
    }

    enum Resolution {
        case help(CommandSpec, path: [String])
        case version
        case usage(UsageError, path: [String])
        case run(CommandSpec, ParsedArguments)
    }

    /// What the words ask for, without running anything (tests call this).
    static func resolve(_ root: CommandSpec, arguments: ArraySlice<String>) -> Resolution {
        var command = root
        var path = [root.name]
        var words = arguments
        if words.first == "--version" && words.count == 1 { return .version }
        if words.first == "help" {
            // `tool help sub1 sub2` is `tool sub1 sub2 --help`.
            words = words.dropFirst()
            for word in words {
                guard let sub = command.subcommand(named: word) else { return .usage(.unknownCommand(word), path: path) }
                command = sub
                path.append(word)
            }
            return .help(command, path: path)
        }
        while let word = words.first, !command.subcommands.isEmpty, !word.hasPrefix("-") {
            guard let sub = command.subcommand(named: word) else {
                if command.run == nil && command.defaultSubcommand == nil { return .usage(.unknownCommand(word), path: path) }
                break
            }
            command = sub
            path.append(word)
            words = words.dropFirst()
        }
        if words.contains("--help") || words.contains("-h") { return .help(command, path: path) }
        if command.run == nil {
            guard let name = command.defaultSubcommand, let sub = command.subcommand(named: name) else {
                return words.isEmpty ? .help(command, path: path) : .usage(.unexpectedArgument(words.first!), path: path)
            }
            command = sub
            path.append(name)
        }
        do throws(UsageError) {
            return .run(command, try ArgumentParsing.parse(words, for: command))
        } catch {
            return .usage(error, path: path)
        }
    }

    /// `tool: error: message` as exactly one line on stderr, whatever `message` contains.
    public static func printError(_ tool: String, _ message: String) {
        let parts = message.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(" \t") }
            .filter { !$0.isEmpty }
        writeStandardError("\(tool): error: " + (parts.isEmpty ? "failed" : parts.joined(separator: "; ")) + "\n")
    }

    /// Writes all of `text` to stderr.
    public static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { b in
            var done = 0
            while done < b.count {
                let n = write(STDERR_FILENO, b.baseAddress! + done, b.count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(_ set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
