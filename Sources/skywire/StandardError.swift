import Glibc

/// Messages for people on stderr.
enum StandardError {
    /// Prints `skywire: error: <message>` as one line, whatever `message` contains.
    static func printError(_ message: String) {
        let lines = message.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
        guard !lines.isEmpty else { return }
        write("skywire: error: " + lines.joined(separator: "; ") + "\n")
    }

    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { b in
            var done = 0
            while done < b.count {
                let n = Glibc.write(STDERR_FILENO, b.baseAddress! + done, b.count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
