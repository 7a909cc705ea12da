import Glibc

/// The agent's log: one line per event on stderr, `time level message`, e.g.
/// `2025-06-01T12:00:00.123Z info neighbour skn1qv3x... up`.
///
/// The time is UTC with milliseconds. A message never spans lines: line breaks in it become
/// spaces. Messages above `level` are skipped before they are formatted (pass them as
/// autoclosures).
public final class Logger: @unchecked Sendable {
    /// The most detailed level written.
    public let level: LogLevel
    private let sink: (String) -> Void

    /// A logger that writes to stderr.
    public convenience init(level: LogLevel) {
        self.init(level: level) { line in Logger.writeToStandardError(line) }
    }

    /// A logger that hands each finished line (with its `\n`) to `sink`.
    public init(level: LogLevel, sink: @escaping (String) -> Void) {
        self.level = level
        self.sink = sink
    }

    /// True when messages at `level` are written.
    public func isEnabled(_ level: LogLevel) -> Bool { level <= self.level }

    public func error(_ message: @autoclosure () -> String) { log(.error, message) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message) }
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message) }

    private func log(_ level: LogLevel, _ message: () -> String) {
        guard isEnabled(level) else { return }
        let text = message().map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }
        sink(Logger.timestamp() + " " + level.description + " " + String(text) + "\n")
    }

    /// The wall-clock time as `YYYY-MM-DDThh:mm:ss.mmmZ`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2)
            + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2)
            + "." + pad(Int32(now.tv_nsec / 1_000_000), 3) + "Z"
    }

    private static func writeToStandardError(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + done, buffer.count - done)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                done += written
            }
        }
    }
}
