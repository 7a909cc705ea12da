import SkywireIO
import SkywireLink
import SkywireWire

/// LAN discovery: follows the host's interfaces and sends the node's beacon on each of them.
///
/// Every `scanInterval` the interfaces are listed again, so interfaces that appear, vanish or
/// change addresses are followed. A *beaconing* interface is up, running, not loopback, and
/// (when the config restricts discovery) named in `interfaces`. On each one the beacon goes to
/// the IPv4 broadcast address of each of its IPv4 subnets and to the IPv6 link-local group
/// `ff02::5357:5957` (docs/protocol.md §4.1) scoped to the interface; the IPv6 socket is a
/// member of that group on every beaconing, multicast-capable interface.
final class Beaconing {
    /// The link-local multicast group beacons go to ("SW" "YW").
    static let multicastGroup = IPv6Address(high: 0xFF02 << 48, low: 0x5357_5957)
    /// How often the interface list is refreshed.
    static let scanInterval: UInt64 = 5_000_000_000

    /// Every interface from the last scan (including those that do not beacon), by index:
    /// the names `neighbors` shows.
    private(set) var names: [UInt32: String] = [:]
    /// The interfaces beacons go out on, from the last scan.
    private(set) var interfaces: [NetworkInterface] = []
    private var joined: Set<UInt32> = []
    /// The indices of `interfaces`: where received beacons count.
    private var beaconingIndices: Set<UInt32> = []
    private let enabled: Bool
    private let allowed: [String]?
    private let interval: UInt64
    /// When the next beacon round and the next scan are due.
    private(set) var nextBeacon: UInt64
    private(set) var nextScan: UInt64

    init(enabled: Bool, allowed: [String]?, interval: UInt64, now: UInt64) {
        self.enabled = enabled
        self.allowed = allowed
        self.interval = interval
        nextBeacon = now
        nextScan = now
    }

    /// Brings the next scan forward to `at` (the interfaces changed; a short delay lets a burst
    /// of changes settle into one scan).
    func scanSoon(at time: UInt64) {
        nextScan = min(nextScan, time)
    }

    /// The earliest time this needs the loop again.
    var nextDeadline: UInt64 { enabled ? min(nextBeacon, nextScan) : nextScan }

    /// True when a beacon that arrived on interface `index` may start a link: discovery is on
    /// and the interface is one beacons go out on.
    @inline(__always)
    func acceptsBeacons(on index: UInt32) -> Bool {
        enabled && beaconingIndices.contains(index)
    }

    /// The interface name for an index, or `if<index>`.
    func name(of index: UInt32) -> String {
        if index == 0 { return "-" }
        return names[index] ?? "if\(index)"
    }

    /// Lists the interfaces again if a scan is due: joins the multicast group on new beaconing
    /// interfaces, leaves it on vanished ones, and logs what changed.
    func scanIfDue(now: UInt64, sockets: LinkSockets, logger: Logger) {
        guard now >= nextScan else { return }
        nextScan = now + Beaconing.scanInterval
        let all: [NetworkInterface]
        do {
            all = try NetworkInterfaces.list(includeDown: true)
        } catch {
            logger.warning("cannot list interfaces: \(error)")
            return
        }
        var newNames: [UInt32: String] = [:]
        for interface in all { newNames[interface.index] = interface.name }
        names = newNames
        guard enabled else { return }

        let previous = Dictionary(interfaces.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        interfaces = all.filter(isBeaconing)
        let current = Set(interfaces.map(\.index))
        beaconingIndices = current
        for interface in interfaces where previous[interface.index] != interface {
            logger.info("discovery on \(interface.name): \(Beaconing.describe(interface))")
            // A new interface or new addresses: tell the neighbours now, not at the next round.
            nextBeacon = now
        }
        for (index, interface) in previous where !current.contains(index) {
            logger.info("discovery off \(interface.name) (gone or down)")
        }
        guard let ipv6 = sockets.ipv6 else { return }
        for interface in interfaces where interface.flags.contains(.multicast) && !joined.contains(interface.index) {
            do {
                try ipv6.joinMulticastGroup(Beaconing.multicastGroup, interfaceIndex: interface.index)
                joined.insert(interface.index)
            } catch {
                logger.debug("cannot join \(Beaconing.multicastGroup) on \(interface.name): \(error)")
            }
        }
        for index in joined where !current.contains(index) {
            // The interface may be gone already, which drops the membership anyway.
            try? ipv6.leaveMulticastGroup(Beaconing.multicastGroup, interfaceIndex: index)
            joined.remove(index)
        }
    }

    /// Sends a beacon round if one is due. `makeBeacon` builds (and signs) the beacon for the
    /// node's current endpoints.
    func beaconIfDue(
        now: UInt64, sockets: LinkSockets, counters: inout AgentCounters, logger: Logger,
        makeBeacon: ([WireEndpoint]) -> [UInt8]
    ) {
        guard enabled, now >= nextBeacon else { return }
        // ±10% jitter keeps nodes that started together from beaconing in lockstep.
        let jitter = interval / 5 > 0 ? UInt64.random(in: 0..<(interval / 5)) : 0
        nextBeacon = now + interval - interval / 10 + jitter
        guard !interfaces.isEmpty else { return }
        let beacon = makeBeacon(endpoints(port: sockets.port))
        for interface in interfaces {
            for address in interface.ipv4Addresses {
                guard let broadcast = Beaconing.broadcastAddress(of: address) else { continue }
                send(beacon, to: .v4(broadcast, port: sockets.port), on: interface, sockets: sockets,
                     counters: &counters, logger: logger)
            }
            if sockets.ipv6 != nil, joined.contains(interface.index),
               interface.ipv6Addresses.contains(where: \.isLinkLocal) {
                send(beacon, to: .v6(Beaconing.multicastGroup, port: sockets.port, scopeID: interface.index),
                     on: interface, sockets: sockets, counters: &counters, logger: logger)
            }
        }
    }

    /// The node's addresses for the beacon's endpoint list: IPv4 addresses and global IPv6
    /// addresses of the beaconing interfaces, at most `Beacon.maxEndpoints`.
    func endpoints(port: UInt16) -> [WireEndpoint] {
        var list: [WireEndpoint] = []
        for interface in interfaces {
            for address in interface.ipv4Addresses where !address.address.isLoopback {
                list.append(PathConversion.endpoint(address.address, port: port))
            }
        }
        for interface in interfaces {
            for address in interface.ipv6Addresses where !address.isLinkLocal && !address.address.isLoopback {
                list.append(PathConversion.endpoint(address.address, port: port))
            }
        }
        return Array(list.prefix(Beacon.maxEndpoints))
    }

    private func send(
        _ beacon: [UInt8], to destination: SocketAddress, on interface: NetworkInterface, sockets: LinkSockets,
        counters: inout AgentCounters, logger: Logger
    ) {
        if let error = sockets.sendSingle(beacon, to: destination) {
            counters.beaconErrors &+= 1
            logger.debug("beacon to \(destination) on \(interface.name): \(error)")
        } else {
            counters.beaconsSent &+= 1
        }
    }

    /// The subnet's broadcast address: the configured one, or (when none is configured, which
    /// `ip addr add` without `brd +` leaves) the one the prefix implies. `nil` for /31 and /32
    /// subnets, which have none.
    static func broadcastAddress(of address: IPv4InterfaceAddress) -> IPv4Address? {
        if let configured = address.broadcast, configured != .any, configured != address.address {
            return configured
        }
        guard let prefix = address.prefixLength, prefix >= 1, prefix <= 30 else { return nil }
        let hostBits = UInt32.max >> UInt32(prefix)
        return IPv4Address(value: address.address.value | hostBits)
    }

    private func isBeaconing(_ interface: NetworkInterface) -> Bool {
        guard interface.flags.contains(.up), interface.flags.contains(.running),
              !interface.flags.contains(.loopback) else { return false }
        guard let allowed else { return true }
        return allowed.contains(interface.name)
    }

    private static func describe(_ interface: NetworkInterface) -> String {
        var parts: [String] = []
        for address in interface.ipv4Addresses {
            parts.append("\(address.address)/\(address.prefixLength.map(String.init) ?? "?")")
        }
        for address in interface.ipv6Addresses {
            parts.append("\(address.address)/\(address.prefixLength.map(String.init) ?? "?")")
        }
        return parts.isEmpty ? "no addresses" : parts.joined(separator: " ")
    }
}
