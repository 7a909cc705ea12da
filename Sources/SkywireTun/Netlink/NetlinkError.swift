import Glibc
import SkywireIO

/// Why an rtnetlink request failed.
public enum NetlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The netlink socket itself failed (socket, send, recv).
    case system(SystemError)
    /// The kernel answered the request with an error (`errno`), and maybe its extended-ack text.
    case kernel(operation: String, errno: Int32, message: String?)
    /// The kernel's reply does not decode (a length that runs past the end, a short header).
    case malformedReply(String)
    /// No acknowledgement arrived within the socket's receive timeout.
    case noReply(operation: String)

    /// The errno of a kernel refusal, else nil.
    public var kernelErrno: Int32? {
        switch self {
        case .kernel(_, let code, _): code
        case .system, .malformedReply, .noReply: nil
        }
    }

    public var description: String {
        switch self {
        case .system(let error): "netlink: \(error)"
        case .kernel(let operation, let code, let message):
            "\(operation): \(String(cString: strerror(code)))" + (message.map { " (\($0))" } ?? "")
        case .malformedReply(let reason): "netlink: malformed reply: \(reason)"
        case .noReply(let operation): "\(operation): no reply from the kernel"
        }
    }
}
