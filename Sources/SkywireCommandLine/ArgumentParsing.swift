/// Parses one command's own arguments (after its name): options and flags in any order,
/// `--name=value` or `--name value`, short forms, `--` ending the options, positionals in order.
enum ArgumentParsing {
    static func parse(_ words: ArraySlice<String>, for command: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var positionals: [String] = []
        var index = words.startIndex
        var optionsEnded = false
        while index < words.endIndex {
            let word = words[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            let (option, inlineValue) = try lookup(word, in: command)
            if option.isFlag {
                guard inlineValue == nil else { throw .unexpectedArgument(word) }
                parsed.flags.insert(option.long)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < words.endIndex else { throw .missingValue(option: "--" + option.long) }
                value = words[index]
                index += 1
            }
            if option.isRepeatable {
                parsed.values[option.long, default: []].append(value)
            } else {
                parsed.values[option.long] = [value]
            }
        }
        for (position, spec) in command.arguments.enumerated() {
            if position < positionals.count {
                parsed.positionals[spec.name] = positionals[position]
            } else if !spec.isOptional {
                throw .missingArgument(spec.name)
            }
        }
        if positionals.count > command.arguments.count {
            throw .unexpectedArgument(positionals[command.arguments.count])
        }
        return parsed
    }

    /// The option a word names: `--long`, `--long=value` or `-s`.
    private static func lookup(_ word: String, in command: CommandSpec) throws(UsageError) -> (OptionSpec, String?) {
        if word.hasPrefix("--") {
            let body = word.dropFirst(2)
            let name: Substring
            var inline: String? = nil
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                inline = String(body[body.index(after: equals)...])
            } else {
                name = body
            }
            guard let option = command.options.first(where: { $0.long == name }) else { throw .unknownOption(word) }
            return (option, inline)
        }
        let letters = word.dropFirst()
        guard letters.count == 1, let letter = letters.first,
              let option = command.options.first(where: { $0.short == letter })
        else { throw .unknownOption(word) }
        return (option, nil)
    }
}
