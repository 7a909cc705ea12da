/// Hotspot mode: the LAN (or access point) clients' traffic goes over the mesh, and nothing from
/// them leaves through this node's own uplink.
///
/// Two independent locks, so that either alone already prevents a leak:
/// 1. **nftables** table `inet <tableName>`: forwarding from the LAN interface to any interface
///    but the mesh TUN is dropped, and so is forwarding into the LAN from anything but the TUN;
///    LAN sources going out of the TUN are masqueraded behind the TUN's address.
/// 2. **Policy routing** (rtnetlink, no `ip` command): a rule `from <LAN prefix> lookup <table>`
///    at ``Configuration/rulePriority`` for each LAN prefix; that table holds a default route
///    through the TUN and an `unreachable` default route with the highest metric, so when the
///    TUN is gone the lookup ends there instead of falling through to the main table.
///
/// Forwarding is switched on (values remembered and restored). Setup and teardown are
/// idempotent; teardown removes only what setup added.
public final class HotspotPolicy {
    public struct Configuration: Sendable, Equatable {
        /// The interface the hotspot's clients are on (e.g. `wlan0` in AP mode, `br-lan`).
        public var lanInterface: String
        /// The LAN's prefixes (e.g. `10.42.0.0/24`).
        public var lanPrefixes: [IPPrefix]
        /// The mesh TUN the clients' traffic must use.
        public var meshInterface: String
        /// The routing table for the LAN's traffic.
        public var routingTable: UInt32
        /// The priority of the `from <LAN>` rules (before `main` at 32766).
        public var rulePriority: UInt32
        /// The nftables table (family `inet`).
        public var tableName: String
        public var nftPath: String

        public init(
            lanInterface: String, lanPrefixes: [IPPrefix], meshInterface: String,
            routingTable: UInt32 = 0x5357, rulePriority: UInt32 = 10_500,
            tableName: String = "skywire_hotspot", nftPath: String = "/usr/sbin/nft"
        ) {
            self.lanInterface = lanInterface
            self.lanPrefixes = lanPrefixes
            self.meshInterface = meshInterface
            self.routingTable = routingTable
            self.rulePriority = rulePriority
            self.tableName = tableName
            self.nftPath = nftPath
        }
    }

    enum State: Equatable {
        case inactive
        case active(ForwardingState)
    }

    /// The metric of the unreachable fallback route: the largest, so any real route wins.
    public static let fallbackMetric: UInt32 = 0xFFFF_FFFF

    public let configuration: Configuration
    private(set) var state: State = .inactive
    private let netlink: RouteNetlink

    /// Checks the configuration. Reserved tables (0, 253–255) and priority 0 are refused.
    public init(configuration: Configuration, netlink: RouteNetlink) throws(NetworkSetupError) {
        for name in [configuration.lanInterface, configuration.meshInterface] {
            guard InterfaceName.isSafeForRuleset(name) else { throw .invalidInterfaceName(name) }
        }
        guard configuration.lanInterface != configuration.meshInterface else {
            throw .invalidConfiguration("the LAN and mesh interfaces are the same")
        }
        guard NftablesRuleset.isValidTableName(configuration.tableName) else {
            throw .invalidTableName(configuration.tableName)
        }
        guard !configuration.lanPrefixes.isEmpty else { throw .invalidConfiguration("no LAN prefixes") }
        guard configuration.routingTable != 0, !(253...255).contains(configuration.routingTable) else {
            throw .invalidConfiguration("routing table \(configuration.routingTable) is reserved")
        }
        guard configuration.rulePriority > 0 else { throw .invalidConfiguration("rule priority 0 is reserved") }
        self.configuration = configuration
        self.netlink = netlink
    }

    public var isActive: Bool {
        switch state {
        case .inactive: false
        case .active: true
        }
    }

    /// The nftables script ``setUp()`` applies.
    public var ruleset: String {
        NftablesRuleset.hotspot(
            table: configuration.tableName, lan: configuration.lanInterface,
            mesh: configuration.meshInterface, lanPrefixes: configuration.lanPrefixes)
    }

    /// The policy rules ``setUp()`` adds.
    public var rules: [RoutingRule] {
        configuration.lanPrefixes.map {
            RoutingRule(source: $0, table: configuration.routingTable, priority: configuration.rulePriority)
        }
    }

    /// The routes ``setUp()`` adds to the hotspot table (the TUN's index is looked up then).
    func routes(meshIndex: Int32) -> [RouteEntry] {
        families.flatMap { any -> [RouteEntry] in [
            RouteEntry(destination: any, target: .interface(meshIndex), table: configuration.routingTable, metric: 0),
            RouteEntry(destination: any, target: .unreachable, table: configuration.routingTable,
                       metric: Self.fallbackMetric),
        ] }
    }

    /// `0.0.0.0/0` and/or `::/0`, for the families of the LAN prefixes.
    private var families: [IPPrefix] {
        var result: [IPPrefix] = []
        if configuration.lanPrefixes.contains(where: { $0.address.isIPv4 }) {
            result.append(IPPrefix(.v4(.any), length: 0)!)
        }
        if configuration.lanPrefixes.contains(where: { !$0.address.isIPv4 }) {
            result.append(IPPrefix(.v6(.any), length: 0)!)
        }
        return result
    }

    /// Installs the table, the routes and the rules (in that order: the rules last, so that
    /// they never point at an empty table), and switches forwarding on.
    public func setUp() throws(NetworkSetupError) {
        guard let meshIndex = RouteNetlink.interfaceIndex(named: configuration.meshInterface) else {
            throw .unknownInterface(configuration.meshInterface)
        }
        try Nftables.apply(ruleset, nftPath: configuration.nftPath)
        do throws(NetworkSetupError) {
            do throws(NetlinkError) {
                for route in routes(meshIndex: meshIndex) { try netlink.addRoute(route) }
                for rule in rules { try netlink.addRule(rule) }
            } catch {
                throw .netlink(error)
            }
            switch state {
            case .active: return
            case .inactive:
                var paths = [Sysctl.ipv4Forwarding]
                if families.contains(where: { !$0.address.isIPv4 }) { paths.append(Sysctl.ipv6Forwarding) }
                state = .active(try ForwardingState.enable(paths))
            }
        } catch {
            if !isActive { try? removeRulesRoutesAndTable() }
            throw error
        }
    }

    /// Removes the rules, the routes and the table, and restores forwarding.
    public func tearDown() throws(NetworkSetupError) {
        try removeRulesRoutesAndTable()
        switch state {
        case .inactive: return
        case .active(let forwarding):
            state = .inactive
            try forwarding.restore()
        }
    }

    private func removeRulesRoutesAndTable() throws(NetworkSetupError) {
        do throws(NetlinkError) {
            for rule in rules { try netlink.deleteRule(rule) }
            // The TUN route disappears with the TUN; delete it by table and destination.
            for route in routes(meshIndex: RouteNetlink.interfaceIndex(named: configuration.meshInterface) ?? 0) {
                try netlink.deleteRoute(route)
            }
        } catch {
            throw .netlink(error)
        }
        try GatewayNAT.removeTable(named: configuration.tableName, nftPath: configuration.nftPath)
    }
}
