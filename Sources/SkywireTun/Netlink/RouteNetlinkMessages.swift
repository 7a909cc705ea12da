import Glibc

/// A route for ``RouteNetlink``: a destination prefix in a routing table, either through an
/// interface or unreachable (a terminal entry that stops the lookup with "network unreachable").
public struct RouteEntry: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        /// Out through the interface with this index (no gateway: the TUN is point-to-point).
        case interface(Int32)
        /// Refuse with ENETUNREACH, without falling through to later rules.
        case unreachable
    }

    public var destination: IPPrefix
    public var target: Target
    /// The routing table (254 is `main`).
    public var table: UInt32
    /// The route metric (`RTA_PRIORITY`); lower wins. `nil` leaves the kernel's default.
    public var metric: UInt32?

    public init(destination: IPPrefix, target: Target, table: UInt32 = RouteEntry.mainTable, metric: UInt32? = nil) {
        self.destination = destination.network
        self.target = target
        self.table = table
        self.metric = metric
    }

    /// The main routing table (RT_TABLE_MAIN).
    public static let mainTable: UInt32 = 254
}

/// A policy-routing rule for ``RouteNetlink``: packets from `source` look up `table`.
public struct RoutingRule: Hashable, Sendable {
    public var source: IPPrefix
    public var table: UInt32
    /// The rule's priority (`ip rule` preference); lower is consulted first.
    public var priority: UInt32

    public init(source: IPPrefix, table: UInt32, priority: UInt32) {
        self.source = source.network
        self.table = table
        self.priority = priority
    }
}

/// The rtnetlink requests SkywireTun sends, as bytes (sans-IO; `RouteNetlink` sends them).
enum RouteNetlinkMessages {
    static let newLink: UInt16 = 16, deleteLink: UInt16 = 17
    static let newAddress: UInt16 = 20, deleteAddress: UInt16 = 21
    static let newRoute: UInt16 = 24, deleteRoute: UInt16 = 25
    static let newRule: UInt16 = 32, deleteRule: UInt16 = 33
    static let linkMTU: UInt16 = 4                             // IFLA_MTU
    static let linkAddressFamilySpec: UInt16 = 26              // IFLA_AF_SPEC
    static let inet6AddressGenerationMode: UInt16 = 8          // IFLA_INET6_ADDR_GEN_MODE
    static let addressGenerationNone: UInt8 = 1                // IN6_ADDR_GEN_MODE_NONE
    static let addressAddress: UInt16 = 1, addressLocal: UInt16 = 2, addressFlags: UInt16 = 8
    static let addressNoDAD: UInt32 = 0x02, addressPermanent: UInt32 = 0x80
    static let routeDestination: UInt16 = 1, routeOutput: UInt16 = 4
    static let routePriority: UInt16 = 6, routeTable: UInt16 = 15
    static let ruleSource: UInt16 = 2, rulePriority: UInt16 = 6, ruleTable: UInt16 = 15
    static let protocolStatic: UInt8 = 4                       // RTPROT_STATIC
    static let scopeUniverse: UInt8 = 0, scopeLink: UInt8 = 253, scopeNowhere: UInt8 = 255
    static let typeUnicast: UInt8 = 1, typeUnreachable: UInt8 = 7
    static let actionToTable: UInt8 = 1                        // FR_ACT_TO_TBL

    static func family(_ address: IPHostAddress) -> UInt8 {
        UInt8(address.isIPv4 ? AF_INET : AF_INET6)
    }

    /// RTM_NEWLINK changing only IFF_UP and/or the MTU of interface `index`.
    static func setLink(index: Int32, up: Bool?, mtu: UInt32?, sequence: UInt32) -> [UInt8] {
        var request = NetlinkRequest(type: newLink, flags: Netlink.flagAck, sequence: sequence)
        request.append(UInt8(0)); request.append(UInt8(0)); request.append(UInt16(0))  // family, pad, type
        request.append(index)
        let upFlag = UInt32(IFF_UP)
        request.append(up == true ? upFlag : 0)     // ifi_flags
        request.append(up == nil ? 0 : upFlag)      // ifi_change
        if let mtu { request.attribute(linkMTU, u32: mtu) }
        return request.finished
    }

    /// RTM_NEWLINK setting IFLA_AF_SPEC / AF_INET6 / IFLA_INET6_ADDR_GEN_MODE to NONE: the
    /// kernel then makes no link-local address on the interface (and sends no DAD or router
    /// solicitations for it). A TUN into the mesh needs none.
    static func disableAddressGeneration(index: Int32, sequence: UInt32) -> [UInt8] {
        var request = NetlinkRequest(type: newLink, flags: Netlink.flagAck, sequence: sequence)
        request.append(UInt8(0)); request.append(UInt8(0)); request.append(UInt16(0))
        request.append(index); request.append(UInt32(0)); request.append(UInt32(0))
        request.nested(linkAddressFamilySpec) { spec in
            spec.nested(UInt16(AF_INET6)) { inet6 in
                inet6.attribute(inet6AddressGenerationMode, [addressGenerationNone])
            }
        }
        return request.finished
    }

    /// RTM_DELLINK for interface `index`.
    static func removeLink(index: Int32, sequence: UInt32) -> [UInt8] {
        var request = NetlinkRequest(type: deleteLink, flags: Netlink.flagAck, sequence: sequence)
        request.append(UInt8(0)); request.append(UInt8(0)); request.append(UInt16(0))
        request.append(index); request.append(UInt32(0)); request.append(UInt32(0))
        return request.finished
    }

    /// RTM_NEWADDR (replacing an equal address) or RTM_DELADDR. IPv6 addresses skip duplicate
    /// address detection (IFA_F_NODAD): a TUN has no neighbours to collide with.
    static func address(_ prefix: IPPrefix, index: Int32, add: Bool, sequence: UInt32) -> [UInt8] {
        let flags = add ? Netlink.flagAck | Netlink.flagCreate | Netlink.flagReplace : Netlink.flagAck
        var request = NetlinkRequest(type: add ? newAddress : deleteAddress, flags: flags, sequence: sequence)
        let addressFlagsValue = prefix.address.isIPv4 ? addressPermanent : addressPermanent | addressNoDAD
        request.append(family(prefix.address))
        request.append(UInt8(prefix.length))
        request.append(UInt8(truncatingIfNeeded: addressFlagsValue))
        request.append(scopeUniverse)
        request.append(UInt32(bitPattern: index))
        request.attribute(addressLocal, prefix.address.bytes)
        request.attribute(addressAddress, prefix.address.bytes)
        if add { request.attribute(addressFlags, u32: addressFlagsValue) }
        return request.finished
    }

    /// RTM_NEWROUTE (create or replace) or RTM_DELROUTE.
    static func route(_ route: RouteEntry, add: Bool, sequence: UInt32) -> [UInt8] {
        let flags = add ? Netlink.flagAck | Netlink.flagCreate | Netlink.flagReplace : Netlink.flagAck
        var request = NetlinkRequest(type: add ? newRoute : deleteRoute, flags: flags, sequence: sequence)
        let destination = route.destination
        let type: UInt8
        let scope: UInt8
        switch route.target {
        case .interface: (type, scope) = (typeUnicast, destination.address.isIPv4 ? scopeLink : scopeUniverse)
        case .unreachable: (type, scope) = (typeUnreachable, scopeUniverse)
        }
        request.append(family(destination.address))
        request.append(UInt8(destination.length))  // dst_len
        request.append(UInt8(0))                   // src_len
        request.append(UInt8(0))                   // tos
        request.append(UInt8(route.table < 256 ? route.table : 0))
        request.append(add ? protocolStatic : 0)
        request.append(add ? scope : scopeNowhere)
        request.append(type)
        request.append(UInt32(0))                  // rtm_flags
        if destination.length > 0 { request.attribute(routeDestination, destination.address.bytes) }
        if case .interface(let index) = route.target { request.attribute(routeOutput, u32: UInt32(bitPattern: index)) }
        if let metric = route.metric { request.attribute(routePriority, u32: metric) }
        request.attribute(routeTable, u32: route.table)
        return request.finished
    }

    /// RTM_NEWRULE (failing with EEXIST if an equal rule exists) or RTM_DELRULE.
    static func rule(_ rule: RoutingRule, add: Bool, sequence: UInt32) -> [UInt8] {
        let flags = add ? Netlink.flagAck | Netlink.flagCreate | Netlink.flagExclusive : Netlink.flagAck
        var request = NetlinkRequest(type: add ? newRule : deleteRule, flags: flags, sequence: sequence)
        request.append(family(rule.source.address))
        request.append(UInt8(0))                   // dst_len
        request.append(UInt8(rule.source.length))  // src_len
        request.append(UInt8(0))                   // tos
        request.append(UInt8(rule.table < 256 ? rule.table : 0))
        request.append(UInt8(0)); request.append(UInt8(0))  // reserved
        request.append(actionToTable)
        request.append(UInt32(0))                  // flags
        if rule.source.length > 0 { request.attribute(ruleSource, rule.source.address.bytes) }
        request.attribute(rulePriority, u32: rule.priority)
        request.attribute(ruleTable, u32: rule.table)
        return request.finished
    }
}
