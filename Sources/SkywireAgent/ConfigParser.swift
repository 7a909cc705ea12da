/// Parses the config file's text (format: `docs/config.md`).
///
/// One setting per line, `field value`, separated by spaces or tabs. `#` starts a comment when it
/// begins the line or follows a space or tab. Blank lines are ignored. Fields not listed in
/// `ConfigField`, values that do not parse, and a non-repeatable field given twice are errors
/// that name the line. Every field is optional.
public enum ConfigParser {
    /// The largest config file accepted, in bytes.
    public static let maximumSize = 64 * 1024

    /// Applies the settings in `text` to `base` (the defaults unless given).
    public static func parse(_ text: String, base: AgentConfig = AgentConfig()) throws(ConfigError) -> AgentConfig {
        var config = base
        var seen: [ConfigField: Int] = [:]
        var peerLines: [StaticPeer: Int] = [:]
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = stripComment(rawLine)
            guard !line.isEmpty else { continue }
            if let bad = line.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                throw ConfigError(line: number, reason: "control character U+\(hex(bad.value)) in line")
            }
            let (name, value) = splitField(line)
            guard let field = ConfigField(rawValue: String(name)) else {
                throw ConfigError(line: number, reason: "unknown field '\(name)'")
            }
            if !field.isRepeatable, let first = seen[field] {
                throw ConfigError(line: number, reason: "'\(name)' is already set on line \(first)")
            }
            seen[field] = seen[field] ?? number
            guard !value.isEmpty else { throw ConfigError(line: number, reason: "'\(name)' needs a value") }
            if field != .interfaces, value.contains(where: { $0 == " " || $0 == "\t" }) {
                throw ConfigError(line: number, reason: "'\(name)' takes one value, got '\(value)'")
            }
            do throws(ValueError) {
                try apply(field, value, to: &config)
            } catch {
                throw ConfigError(line: number, reason: error.reason)
            }
            if field == .peer, let peer = config.peers.last {
                if let first = peerLines[peer] {
                    throw ConfigError(line: number, reason: "peer \(peer) is already listed on line \(first)")
                }
                peerLines[peer] = number
            }
        }
        return config
    }

    private static func apply(_ field: ConfigField, _ value: Substring, to config: inout AgentConfig) throws(ValueError) {
        switch field {
        case .key: config.keyPath = try ConfigValues.path(value).get()
        case .port: config.port = try ConfigValues.port(value).get()
        case .control: config.controlPath = try ConfigValues.socketPath(value).get()
        case .peer: config.peers.append(try ConfigValues.peer(value).get())
        case .discovery: config.discovery = try ConfigValues.onOff(value).get()
        case .interfaces: config.interfaces = try ConfigValues.interfaceList(value).get()
        case .keepaliveInterval:
            config.keepaliveInterval = try ConfigValues.duration(value, within: ConfigValues.keepaliveRange).get()
        case .deadAfter: config.deadAfter = try ConfigValues.count(value, within: ConfigValues.deadAfterRange).get()
        case .beaconInterval:
            config.beaconInterval = try ConfigValues.duration(value, within: ConfigValues.beaconRange).get()
        case .logLevel: config.logLevel = try ConfigValues.logLevel(value).get()
        }
    }

    /// The line without its comment and without surrounding blanks (a `\r` counts as a blank,
    /// so files with CRLF line ends parse).
    static func stripComment(_ line: Substring) -> Substring {
        var end = line.endIndex
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "#", isBlank(previous) {
                end = index
                break
            }
            previous = character
        }
        return trimmed(line[..<end])
    }

    /// Splits `name value...` at the first blank.
    static func splitField(_ line: Substring) -> (name: Substring, value: Substring) {
        guard let blank = line.firstIndex(where: isBlank) else { return (line, "") }
        return (line[..<blank], trimmed(line[blank...]))
    }

    private static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r"
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, isBlank(first) { text = text.dropFirst() }
        while let last = text.last, isBlank(last) { text = text.dropLast() }
        return text
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
