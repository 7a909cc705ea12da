import Glibc

/// Everything that can go wrong while talking to the kernel's wifi stack or to a monitor
/// interface. Every case reads as one line for people (`description`).
public enum RadioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kernel has no generic-netlink family `nl80211`: no wifi driver, cfg80211 not loaded.
    case nl80211Unavailable
    /// A netlink socket could not be opened or used (libnl's message).
    case netlink(operation: String, message: String)
    /// ENODEV / ENOENT: the phy or interface does not exist (any more).
    case noSuchDevice(operation: String)
    /// EBUSY: the interface is in use (up, joined, or scanning).
    case busy(operation: String)
    /// EOPNOTSUPP: this driver cannot do it (e.g. no IBSS, no mesh point, no injection).
    case notSupported(operation: String)
    /// EPERM / EACCES: the caller needs root or CAP_NET_ADMIN.
    case permissionDenied(operation: String)
    /// Any other negative errno in a netlink acknowledgement, with the kernel's extended-ack
    /// text when it sent one.
    case kernel(operation: String, errno: Int32, detail: String)
    /// No answer (or no scan result event) within the time allowed.
    case timeout(operation: String)
    /// The scan was aborted by the kernel (another scan, an interface change).
    case scanAborted(interface: String)
    /// A reply from the kernel did not decode (a total decoder said no; never a crash).
    case malformedReply(String)
    /// A caller's argument cannot work (unknown interface name, SSID too long, ...).
    case invalidArgument(String)
    /// libpcap failed (its own message).
    case capture(operation: String, message: String)

    /// Maps a kernel errno (positive) from a netlink acknowledgement to a typed error.
    static func fromKernel(errno code: Int32, operation: String, detail: String = "") -> RadioError {
        switch code {
        case ENODEV, ENOENT: return .noSuchDevice(operation: operation)
        case EBUSY: return .busy(operation: operation)
        case EOPNOTSUPP: return .notSupported(operation: operation)
        case EPERM, EACCES: return .permissionDenied(operation: operation)
        default: return .kernel(operation: operation, errno: code, detail: detail)
        }
    }

    public var description: String {
        switch self {
        case .nl80211Unavailable:
            return "no nl80211 in this kernel (no wifi driver / cfg80211 not loaded)"
        case .netlink(let operation, let message):
            return "\(operation): netlink: \(message)"
        case .noSuchDevice(let operation):
            return "\(operation): no such device"
        case .busy(let operation):
            return "\(operation): interface busy"
        case .notSupported(let operation):
            return "\(operation): not supported by this driver"
        case .permissionDenied(let operation):
            return "\(operation): permission denied (need root or CAP_NET_ADMIN)"
        case .kernel(let operation, let code, let detail):
            let text = String(cString: strerror(code))
            return detail.isEmpty ? "\(operation): \(text) (errno \(code))" : "\(operation): \(text) (errno \(code)): \(detail)"
        case .timeout(let operation):
            return "\(operation): timed out"
        case .scanAborted(let interface):
            return "scan on \(interface): aborted by the kernel"
        case .malformedReply(let what):
            return "malformed reply from the kernel: \(what)"
        case .invalidArgument(let what):
            return what
        case .capture(let operation, let message):
            return "\(operation): \(message)"
        }
    }
}
