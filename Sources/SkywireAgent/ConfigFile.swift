import Glibc

/// Reads the config file from disk.
public enum ConfigFile {
    /// Loads the config at `path`, or at `AgentConfig.defaultPath` when `path` is `nil`.
    ///
    /// A missing default file means all defaults; a missing file that was named explicitly is an
    /// error, as is any other read failure or a file larger than `ConfigParser.maximumSize`.
    public static func load(path: String?) throws(ConfigError) -> AgentConfig {
        let file = path ?? AgentConfig.defaultPath
        let bytes: [UInt8]
        switch read(file) {
        case .success(let content):
            bytes = content
        case .failure(let failure):
            let code = failure.code
            if code == ENOENT, path == nil { return AgentConfig() }
            throw ConfigError(path: file, line: 0, reason: "cannot read config file: \(String(cString: strerror(code)))")
        }
        guard bytes.count <= ConfigParser.maximumSize else {
            throw ConfigError(path: file, line: 0, reason: "config file larger than \(ConfigParser.maximumSize) bytes")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(path: file, line: 0, reason: "config file is not UTF-8 text")
        }
        do {
            return try ConfigParser.parse(text)
        } catch {
            var located = error
            located.path = file
            throw located
        }
    }

    /// The whole file, or the errno of the failing call.
    private static func read(_ path: String) -> Result<[UInt8], Errno> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(Errno(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Errno(errno)) }
        // Regular files, and character devices such as /dev/null ("no settings").
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFCHR else { return .failure(Errno(type == S_IFDIR ? EISDIR : EINVAL)) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while content.count <= ConfigParser.maximumSize {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(errno))
            }
            if count == 0 { break }
            content.append(contentsOf: chunk[0..<count])
        }
        return .success(content)
    }
}

/// An errno value as an error.
private struct Errno: Error {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}
