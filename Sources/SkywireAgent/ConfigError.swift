/// Why a config file was rejected. Its description is one line: `config:LINE: reason`, with the
/// file's path in place of `config` once the file is known (`/etc/skywire/config:7: ...`).
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, or `nil` while only text is parsed.
    public var path: String?
    /// The 1-based line the problem is on; 0 for a problem with the whole file.
    public var line: Int
    /// What is wrong, for people.
    public var reason: String

    public init(path: String? = nil, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let file = path ?? "config"
        return line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}
