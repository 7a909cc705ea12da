/// Why the Unix control socket could not listen, connect or exchange a message.
public enum ControlSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case system(SystemError)
    /// The path does not fit in `sockaddr_un` (107 bytes) or contains a NUL.
    case invalidPath(String)
    /// Another process is listening on the path: it was left alone.
    case alreadyListening(String)
    /// Something other than a socket is at the path: it was left alone.
    case notASocket(String)
    /// The request contains a newline or NUL (a request is exactly one line).
    case requestNotOneLine
    /// The response grew past the limit the caller set.
    case responseTooLarge(limit: Int)
    /// The peer did not answer within the timeout.
    case timedOut

    public var description: String {
        switch self {
        case .system(let error): error.description
        case .invalidPath(let path): "invalid control socket path \"\(path)\""
        case .alreadyListening(let path): "another process is listening on \(path)"
        case .notASocket(let path): "\(path) exists and is not a socket"
        case .requestNotOneLine: "a control request must be one line"
        case .responseTooLarge(let limit): "control response larger than \(limit) bytes"
        case .timedOut: "control socket timed out"
        }
    }
}

extension SystemError {
    var control: ControlSocketError { .system(self) }
}
