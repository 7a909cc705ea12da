import Glibc
import SkywireIO

/// Why a control request got no answer. Each description is one line.
public enum ControlQueryError: Error, Equatable, CustomStringConvertible {
    /// Nothing accepts connections at the path (no file, a stale file, or not a socket).
    case noAgent(path: String)
    /// The agent answered `error ...`.
    case refused(String)
    /// Anything else (permissions, timeout, a reply too large or not UTF-8).
    case failed(path: String, String)

    public var description: String {
        switch self {
        case .noAgent(let path): "no agent listening on \(path)"
        case .refused(let message): "agent refused the request: \(message)"
        case .failed(let path, let reason): "control socket \(path): \(reason)"
        }
    }
}

/// The CLI's side of the control protocol (`ControlRequest`).
public enum ControlClient {
    /// Sends `request` to the agent at `path` and returns its reply text.
    public static func query(_ request: ControlRequest, path: String, timeoutSeconds: Int = 5) throws(ControlQueryError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try UnixControlClient.exchange(path: path, request: request.line, timeoutSeconds: timeoutSeconds)
        } catch {
            if case .system(let system) = error,
               system.errno == ENOENT || system.errno == ECONNREFUSED || system.errno == ENOTSOCK {
                throw .noAgent(path: path)
            }
            throw .failed(path: path, error.description)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .failed(path: path, "reply is not UTF-8")
        }
        if text.hasPrefix("error ") {
            throw .refused(String(text.dropFirst(6).prefix(while: { $0 != "\n" })))
        }
        if text.isEmpty { throw .failed(path: path, "empty reply") }
        return text
    }
}
