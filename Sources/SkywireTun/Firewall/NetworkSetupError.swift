import Glibc

/// Why the gateway NAT or the hotspot policy could not be set up or torn down.
public enum NetworkSetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An interface name that is not valid, or not safe to write into an nftables ruleset.
    case invalidInterfaceName(String)
    /// An nftables table name that is not an identifier (letters, digits, `_`; a letter first).
    case invalidTableName(String)
    /// A configuration that cannot work (e.g. no client prefixes, mixed address families).
    case invalidConfiguration(String)
    /// The interface does not exist (needed for routes through it).
    case unknownInterface(String)
    /// The helper program could not be started (`nft` missing: errno ENOENT).
    case commandUnavailable(path: String, errno: Int32)
    /// The helper program failed; `firstLine` is the first line of what it wrote to stderr.
    case commandFailed(command: String, status: Int32, firstLine: String)
    /// Reading or writing a sysctl under /proc/sys failed, or it held something unexpected.
    case sysctl(path: String, errno: Int32)
    /// An rtnetlink request (rule or route) failed.
    case netlink(NetlinkError)

    public var description: String {
        switch self {
        case .invalidInterfaceName(let name): "invalid interface name \"\(name)\""
        case .invalidTableName(let name): "invalid nftables table name \"\(name)\""
        case .invalidConfiguration(let reason): "invalid configuration: \(reason)"
        case .unknownInterface(let name): "no interface named \(name)"
        case .commandUnavailable(let path, let code): "cannot run \(path): \(String(cString: strerror(code)))"
        case .commandFailed(let command, let status, let line): "\(command) failed (status \(status)): \(line)"
        case .sysctl(let path, let code): "\(path): \(code == 0 ? "unexpected content" : String(cString: strerror(code)))"
        case .netlink(let error): error.description
        }
    }
}
