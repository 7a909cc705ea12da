/// The `--help` text of a command: overview, usage line, arguments, options, subcommands.
enum HelpText {
    static func render(_ command: CommandSpec, path: [String]) -> String {
        var out = "OVERVIEW: \(command.abstract)\n"
        if !command.discussion.isEmpty {
            out += "\n" + wrap(command.discussion, width: 80, indent: "") + "\n"
        }
        out += "\nUSAGE: \(usage(command, path: path))\n"
        if !command.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for a in command.arguments { out += row("<\(a.name)>", a.help) }
        }
        out += "\nOPTIONS:\n"
        for o in command.options { out += row(label(o), o.help) }
        out += row("-h, --help", "Show help information.")
        let visible = command.subcommands.filter { !$0.isHidden }
        if !visible.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for s in visible {
                out += row(s.name + (s.name == command.defaultSubcommand ? " (default)" : ""), s.abstract)
            }
            out += "\n  See '\(path.first ?? command.name) help <subcommand>' for detailed help.\n"
        }
        return out
    }

    static func usage(_ command: CommandSpec, path: [String]) -> String {
        var parts = path
        if !command.subcommands.isEmpty && command.run == nil && command.defaultSubcommand == nil {
            parts.append("<subcommand>")
            return parts.joined(separator: " ")
        }
        for o in command.options {
            let shown = o.isFlag ? "--\(o.long)" : "--\(o.long) <\(o.valueName ?? "value")>"
            parts.append("[" + shown + "]" + (o.isRepeatable ? " ..." : ""))
        }
        for a in command.arguments { parts.append(a.isOptional ? "[<\(a.name)>]" : "<\(a.name)>") }
        if !command.subcommands.isEmpty { parts.append("[<subcommand>]") }
        return parts.joined(separator: " ")
    }

    private static func label(_ o: OptionSpec) -> String {
        var l = o.short.map { "-\($0), " } ?? ""
        l += "--" + o.long
        if let v = o.valueName { l += " <\(v)>" }
        return l
    }

    /// `  label   help` with the help in a column from 26, wrapped to 80.
    private static func row(_ label: String, _ help: String) -> String {
        let column = 26
        let indent = String(repeating: " ", count: column)
        let head = "  " + label
        let wrapped = wrap(help, width: 80 - column, indent: indent)
        if head.count < column - 1 {
            return head + String(repeating: " ", count: column - head.count) + wrapped.dropFirst(indent.count) + "\n"
        }
        return head + "\n" + wrapped + "\n"
    }

    /// Words wrapped to `width` columns; every line starts with `indent`.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(indent + line) }
        return lines.joined(separator: "\n")
    }
}
