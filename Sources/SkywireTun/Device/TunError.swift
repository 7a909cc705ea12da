import Glibc
import SkywireIO

/// Why a TUN device could not be opened, configured, read or written.
public enum TunError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `/dev/net/tun` is missing, or the kernel has no TUN driver.
    case deviceUnavailable(errno: Int32)
    /// The caller lacks CAP_NET_ADMIN (EPERM / EACCES from `call`).
    case permissionDenied(call: String)
    /// A device of that name exists and cannot be attached (another process owns it, or it is
    /// not a TUN device in the requested mode).
    case busy(name: String)
    /// The name is empty, too long (15 bytes at most) or holds `/`, `:`, whitespace or NUL.
    case invalidName(String)
    /// The kernel refused the checksum / segmentation offloads (TUNSETOFFLOAD).
    case offloadRejected(errno: Int32)
    /// A packet does not fit the buffer offered for it, or is larger than the device can take.
    case packetTooLarge(size: Int, limit: Int)
    /// Any other failed system call.
    case system(SystemError)

    public var description: String {
        switch self {
        case .deviceUnavailable(let code):
            "TUN unavailable: /dev/net/tun: \(String(cString: strerror(code))) (is the tun module loaded?)"
        case .permissionDenied(let call): "\(call): permission denied (CAP_NET_ADMIN is needed)"
        case .busy(let name): "TUN device \(name) is busy (in use, or exists with other flags)"
        case .invalidName(let name): "invalid interface name \"\(name)\""
        case .offloadRejected(let code): "TUNSETOFFLOAD: \(String(cString: strerror(code)))"
        case .packetTooLarge(let size, let limit): "packet of \(size) bytes exceeds \(limit)"
        case .system(let error): error.description
        }
    }

    /// Maps an errno from `call` to the typed case the caller most likely wants to report.
    static func from(errno code: Int32, call: StaticString, name: String) -> TunError {
        switch code {
        case EPERM, EACCES: return .permissionDenied(call: call.description)
        case EBUSY: return .busy(name: name)
        default: return .system(SystemError(errno: code, call: call))
        }
    }
}
