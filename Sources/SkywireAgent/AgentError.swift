public import SkywireIdentity
public import SkywireIO

/// Why the agent could not start or had to stop. Each description is one line.
public enum AgentError: Error, CustomStringConvertible {
    /// The node key file could not be read or created (never answered with a new identity).
    case key(KeyFileError)
    /// A UDP link socket could not be opened on `port`.
    case linkSocket(port: UInt16, SystemError)
    /// The control socket could not be set up.
    case control(path: String, ControlSocketError)
    /// The event loop's own machinery failed (epoll, eventfd).
    case system(SystemError)

    public var description: String {
        switch self {
        case .key(let error): "\(error)"
        case .linkSocket(let port, let error): "cannot open UDP port \(port): \(error)"
        case .control(let path, let error): "control socket \(path): \(error)"
        case .system(let error): "event loop: \(error)"
        }
    }
}
