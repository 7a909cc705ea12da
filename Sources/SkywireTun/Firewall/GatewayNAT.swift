/// The gateway side of the IP gateway service: NAT from the mesh to the uplink with nftables.
///
/// ``setUp()`` installs the table `inet <tableName>` (see ``ruleset``): forwarding from the mesh
/// TUN to the uplink is accepted, from the uplink to the TUN only for established connections,
/// and mesh clients' source addresses are masqueraded behind the uplink's. It also switches IPv4
/// forwarding on (and IPv6 forwarding when a client prefix is IPv6), remembering the old values.
/// ``tearDown()`` deletes only that table and puts the old forwarding values back.
///
/// Both are idempotent: setting up again replaces the table atomically and keeps the values
/// remembered the first time; tearing down when nothing is set up only makes sure the table is
/// gone. After a crash, ``removeTable(named:nftPath:)`` clears a leftover table.
///
/// The accept rules cannot override a drop in another table (a host firewall with a forward
/// policy of drop must allow the mesh TUN itself): nftables runs every base chain on the hook.
public final class GatewayNAT {
    public struct Configuration: Sendable, Equatable {
        /// The gateway's mesh TUN (e.g. `sw0`).
        public var meshInterface: String
        /// The interface towards the Internet (e.g. `eth0`, `wwan0`).
        public var uplinkInterface: String
        /// Source prefixes of mesh clients to masquerade (the addresses the gateway hands out,
        /// e.g. `100.64.0.0/10`; an IPv6 prefix also enables IPv6 forwarding).
        public var clientPrefixes: [IPPrefix]
        /// The nftables table (family `inet`).
        public var tableName: String
        /// Where `nft` lives.
        public var nftPath: String

        public init(
            meshInterface: String, uplinkInterface: String, clientPrefixes: [IPPrefix],
            tableName: String = "skywire_gw", nftPath: String = "/usr/sbin/nft"
        ) {
            self.meshInterface = meshInterface
            self.uplinkInterface = uplinkInterface
            self.clientPrefixes = clientPrefixes
            self.tableName = tableName
            self.nftPath = nftPath
        }
    }

    /// Whether the rules are installed, and what forwarding values to put back.
    enum State: Equatable {
        case inactive
        case active(ForwardingState)
    }

    public let configuration: Configuration
    private(set) var state: State = .inactive

    /// Checks the configuration (names safe for a ruleset, at least one client prefix).
    public init(configuration: Configuration) throws(NetworkSetupError) {
        for name in [configuration.meshInterface, configuration.uplinkInterface] {
            guard InterfaceName.isSafeForRuleset(name) else { throw .invalidInterfaceName(name) }
        }
        guard configuration.meshInterface != configuration.uplinkInterface else {
            throw .invalidConfiguration("the mesh and uplink interfaces are the same")
        }
        guard NftablesRuleset.isValidTableName(configuration.tableName) else {
            throw .invalidTableName(configuration.tableName)
        }
        guard !configuration.clientPrefixes.isEmpty else { throw .invalidConfiguration("no client prefixes") }
        self.configuration = configuration
    }

    /// True while the rules are installed by this instance.
    public var isActive: Bool {
        switch state {
        case .inactive: false
        case .active: true
        }
    }

    /// The nftables script ``setUp()`` applies.
    public var ruleset: String {
        NftablesRuleset.gateway(
            table: configuration.tableName, mesh: configuration.meshInterface,
            uplink: configuration.uplinkInterface, clientPrefixes: configuration.clientPrefixes)
    }

    /// Installs (or re-installs) the table and switches forwarding on.
    public func setUp() throws(NetworkSetupError) {
        try Nftables.apply(ruleset, nftPath: configuration.nftPath)
        switch state {
        case .active: return
        case .inactive:
            var paths = [Sysctl.ipv4Forwarding]
            if configuration.clientPrefixes.contains(where: { !$0.address.isIPv4 }) { paths.append(Sysctl.ipv6Forwarding) }
            do throws(NetworkSetupError) {
                state = .active(try ForwardingState.enable(paths))
            } catch {
                try? Nftables.apply(NftablesRuleset.removal(table: configuration.tableName), nftPath: configuration.nftPath)
                throw error
            }
        }
    }

    /// Deletes the table and restores forwarding as it was before ``setUp()``.
    public func tearDown() throws(NetworkSetupError) {
        try Self.removeTable(named: configuration.tableName, nftPath: configuration.nftPath)
        switch state {
        case .inactive: return
        case .active(let forwarding):
            state = .inactive
            try forwarding.restore()
        }
    }

    /// Deletes the table `inet name` if it exists (a leftover after a crash); nothing else.
    public static func removeTable(named name: String, nftPath: String = "/usr/sbin/nft") throws(NetworkSetupError) {
        guard NftablesRuleset.isValidTableName(name) else { throw .invalidTableName(name) }
        try Nftables.apply(NftablesRuleset.removal(table: name), nftPath: nftPath)
    }
}
