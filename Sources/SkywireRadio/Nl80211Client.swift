internal import CNetlink
internal import CSkywireShims
import Glibc

/// The kernel's wifi configuration interface (nl80211 over generic netlink, through libnl).
///
/// Opening resolves the `nl80211` family; a kernel without cfg80211 fails right there with
/// `RadioError.nl80211Unavailable`. Calls block for at most their timeout. Phys are named by
/// their wiphy index, interfaces by their ifindex (`ifindex(named:)` looks one up).
public final class Nl80211Client {
    let socket: NetlinkSocket
    let family: Int32
    private var routeSocket: NetlinkSocket?

    /// Opens a generic-netlink socket and resolves the nl80211 family.
    public init() throws(RadioError) {
        socket = try NetlinkSocket(protocolNumber: NETLINK_GENERIC)
        let id = genl_ctrl_resolve(socket.handle, "nl80211")
        guard id >= 0 else {
            if -id == NLE_OBJ_NOTFOUND { throw .nl80211Unavailable }
            throw .netlink(operation: "resolve the nl80211 family", message: NetlinkSocket.text(id))
        }
        family = id
    }

    // MARK: requests

    func request(_ command: nl80211_commands, dump: Bool = false, operation: String) throws(RadioError) -> NetlinkRequest {
        try NetlinkRequest(family: family, command: UInt8(command.rawValue), dump: dump, operation: operation)
    }

    /// Sends a request and decodes each reply's attributes.
    func run(_ request: NetlinkRequest, operation: String, timeoutMilliseconds: Int32 = 5000) throws(RadioError) -> [NetlinkAttributes] {
        var result: [NetlinkAttributes] = []
        for m in try socket.transact(request, operation: operation, timeoutMilliseconds: timeoutMilliseconds) {
            result.append(try m.genericAttributes())
        }
        return result
    }

    /// A dump, retried when the kernel says a change interrupted it.
    func dump(_ operation: String, _ build: () throws(RadioError) -> NetlinkRequest) throws(RadioError) -> [NetlinkAttributes] {
        var attempt = 0
        while true {
            do throws(RadioError) {
                return try run(try build(), operation: operation)
            } catch .kernel(_, EINTR, _) where attempt < 3 {
                attempt += 1
            }
        }
    }

    static func key(_ a: nl80211_attrs) -> UInt16 { UInt16(truncatingIfNeeded: a.rawValue) }

    // MARK: listing

    /// Every radio with its capabilities (GET_WIPHY dump, split format).
    public func phys() throws(RadioError) -> [Phy] {
        let replies = try dump("list phys") { () throws(RadioError) -> NetlinkRequest in
            let r = try request(NL80211_CMD_GET_WIPHY, dump: true, operation: "list phys")
            try r.flag(Self.key(NL80211_ATTR_SPLIT_WIPHY_DUMP))
            return r
        }
        var phys: [Phy] = []
        for attrs in replies { try Nl80211Decode.mergeWiphy(attrs, into: &phys) }
        return phys.sorted { $0.index < $1.index }
    }

    /// Every wifi interface in this network namespace (GET_INTERFACE dump).
    public func interfaces() throws(RadioError) -> [WifiInterface] {
        let replies = try dump("list interfaces") { () throws(RadioError) -> NetlinkRequest in
            try request(NL80211_CMD_GET_INTERFACE, dump: true, operation: "list interfaces")
        }
        var result: [WifiInterface] = []
        for attrs in replies {
            if let i = try Nl80211Decode.interface(attrs) { result.append(i) }
        }
        return result.sorted { $0.ifindex < $1.ifindex }
    }

    /// One interface by ifindex.
    public func interface(ifindex: UInt32) throws(RadioError) -> WifiInterface {
        let op = "get interface \(ifindex)"
        let r = try request(NL80211_CMD_GET_INTERFACE, operation: op)
        try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
        for attrs in try run(r, operation: op) {
            if let i = try Nl80211Decode.interface(attrs) { return i }
        }
        throw .noSuchDevice(operation: op)
    }

    /// The ifindex of a network interface by name (any interface, wifi or not).
    public func ifindex(named name: String) throws(RadioError) -> UInt32 {
        let index = if_nametoindex(name)
        guard index != 0 else { throw .noSuchDevice(operation: "find interface \(name)") }
        return index
    }

    /// Peer stations of an interface (GET_STATION dump): IBSS/mesh neighbours heard.
    public func stations(ifindex: UInt32) throws(RadioError) -> [Station] {
        let op = "list stations of interface \(ifindex)"
        let replies = try dump(op) { () throws(RadioError) -> NetlinkRequest in
            let r = try request(NL80211_CMD_GET_STATION, dump: true, operation: op)
            try r.u32(Self.key(NL80211_ATTR_IFINDEX), ifindex)
            return r
        }
        var result: [Station] = []
        for attrs in replies {
            if let s = try Nl80211Decode.station(attrs) { result.append(s) }
        }
        return result
    }

    // MARK: up and down (rtnetlink)

    /// Sets a network interface administratively up or down (RTM_NEWLINK with IFF_UP).
    public func setUp(ifindex: UInt32, _ up: Bool) throws(RadioError) {
        let op = "set interface \(ifindex) \(up ? "up" : "down")"
        if routeSocket == nil { routeSocket = try NetlinkSocket(protocolNumber: NETLINK_ROUTE) }
        guard let route = routeSocket else { return }
        let request = try NetlinkRequest(
            type: Int32(InterfaceLink.newLink), fixed: InterfaceLink.flagsHeader(ifindex: ifindex, up: up), operation: op)
        _ = try route.transact(request, operation: op)
    }
}

/// struct ifinfomsg for RTM_NEWLINK (layout checked in CSkywireShims/shims.c).
enum InterfaceLink {
    static let newLink = UInt16(RTM_NEWLINK)
    static let flagUp: UInt32 = 0x1  // IFF_UP

    /// `{ family AF_UNSPEC, pad, type 0, index, flags, change = IFF_UP }`, host byte order.
    static func flagsHeader(ifindex: UInt32, up: Bool) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(CSkywireShims_interfaceInfoLength))
        func put(_ v: UInt32, at offset: Int) {
            withUnsafeBytes(of: v) { for i in 0..<4 { bytes[offset + i] = $0[i] } }
        }
        put(ifindex, at: 4)
        put(up ? flagUp : 0, at: 8)
        put(flagUp, at: 12)
        return bytes
    }
}
