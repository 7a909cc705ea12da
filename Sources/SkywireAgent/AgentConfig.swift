public import SkywireCrypto
public import SkywireIO

/// How much the agent writes to its log (stderr).
public enum LogLevel: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    case error = 0
    case warning = 1
    case info = 2
    case debug = 3

    /// The level's name as written in the config file and in log lines.
    public var description: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// The level named `name` (`error`, `warning`, `info`, `debug`), if any.
    public init?(name: some StringProtocol) {
        guard let level = LogLevel.allCases.first(where: { $0.description == name }) else { return nil }
        self = level
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A neighbour given by configuration: its node key and a numeric UDP address
/// (`skn1...@192.0.2.7:6555` or `skn1...@[2001:db8::7]:6555`).
public struct StaticPeer: Hashable, Sendable, CustomStringConvertible {
    /// The peer's node key.
    public var key: PublicKey
    /// Where its link port is.
    public var address: SocketAddress

    public init(key: PublicKey, address: SocketAddress) {
        self.key = key
        self.address = address
    }

    public var description: String {
        "\(AgentText.nodeAddress(key))@\(address)"
    }
}

/// Everything `skywire run` can be told, from the config file (`docs/config.md`) and the
/// command line. Every field has a default, so an absent config file is a valid configuration.
public struct AgentConfig: Sendable {
    /// The default config file.
    public static let defaultPath = "/etc/skywire/config"
    /// The default control socket.
    public static let defaultControlPath = "/run/skywire/control.sock"
    /// The default UDP link port (IPv4 and IPv6).
    public static let defaultPort: UInt16 = 6555
    /// The default node key file.
    public static let defaultKeyPath = "/var/lib/skywire/node.key"

    /// The node key file; created on first start (mode 0600).
    public var keyPath = AgentConfig.defaultKeyPath
    /// The UDP port of both link sockets; 0 lets the kernel choose (the IPv6 socket then uses
    /// the port the IPv4 socket got).
    public var port = AgentConfig.defaultPort
    /// The control socket path (mode 0600).
    public var controlPath = AgentConfig.defaultControlPath
    /// Neighbours to connect to without discovery.
    public var peers: [StaticPeer] = []
    /// LAN discovery: send beacons and answer others' beacons.
    public var discovery = true
    /// Interfaces LAN discovery may use; `nil` means every up, non-loopback interface.
    public var interfaces: [String]? = nil
    /// How often a link sends a keepalive when it has nothing else to send (nanoseconds).
    public var keepaliveInterval: UInt64 = 1_000_000_000
    /// A link is declared down after this many keepalive intervals without hearing from it.
    public var deadAfter = 3
    /// How often beacons go out on every interface (nanoseconds).
    public var beaconInterval: UInt64 = 1_000_000_000
    /// How much goes to the log.
    public var logLevel = LogLevel.info

    /// The defaults.
    public init() {}
}
