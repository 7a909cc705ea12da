import SkywireCrypto
import SkywireLink
import SkywireRouting

/// One mesh node, sans-IO: links, topology, routes, forwarding, sessions and the built-in echo
/// service in one state machine. Datagrams and time in; datagrams and events out.
///
/// Use: feed every datagram of the link sockets to `receive`, call `tick` at `nextDeadline`, and
/// after every call send everything `drainOutgoing` gives and read `drainEvents`. The node owns
/// its `LinkManager` and drives it with the same `now`; routing frames queued for the same
/// neighbour between two drains share link packets (garlic bundling). Nothing here reads a clock or
/// touches a socket. Not thread-safe: one owner drives it.
///
/// The routing behaviour is docs/protocol.md §7.8–§7.9.
public final class SkywireNode {
    let identity: PrivateKey
    /// Tunables in force.
    public let config: NodeConfig
    /// The link layer (static peers, beacons and neighbour snapshots go through it directly).
    public let links: LinkManager

    var database: TopologyDatabase
    var processor: RouteSetupProcessor
    var table: ForwardingTable
    var bundler: FrameBundler
    var events: [NodeEvent] = []

    /// Neighbours with at least one working link, as a set and ascending.
    var upNeighbours: Set<PublicKey> = []
    var upNeighbourList: [PublicKey] = []
    var graphCache: TopologyGraph?

    var record: OwnRecordState
    var nextHousekeepingAt: UInt64

    var originRoutes: [RouteId: OriginRoute] = [:]
    var endRoutes: [RouteId: EndRoute] = [:]
    var pings: [PingID: PendingPing] = [:]
    var sessions = SessionTable()
    /// The last wall-clock stamp put into a session initiation (they must grow).
    var sessionStamp: UInt64 = 0

    let monotonicOrigin: UInt64
    let wallOrigin: UInt64
    var lastNow: UInt64

    /// What the node did with routing traffic.
    public internal(set) var counters = NodeCounters()

    /// When set, every routing frame this node receives (decrypted, `type ‖ length ‖ body`) is
    /// kept in `receivedFrames`, with the neighbour it came from. For tests and diagnostics.
    public var capturesFrames = false
    public internal(set) var receivedFrames: [(from: PublicKey, frame: [UInt8])] = []

    /// When set, sees every link-layer event as the node consumes it (in order, before the node
    /// acts on it): the runtime logs link up/down/roamed from it. Neighbour up/down also come
    /// as `NodeEvent`s.
    public var linkEventObserver: ((LinkEvent) -> Void)?

    /// - Parameters:
    ///   - identity: this node's key (its address).
    ///   - config: tunables.
    ///   - now: the caller's monotonic clock (ns) at this moment.
    ///   - wallClockAtNow: wall-clock ns since the Unix epoch at `now` (record sequence numbers
    ///     and link timestamps grow across restarts from it).
    public init(identity: PrivateKey, config: NodeConfig = .default, now: UInt64, wallClockAtNow: UInt64) {
        self.identity = identity
        self.config = config
        links = LinkManager(identity: identity, config: config.link, now: now, wallClockAtNow: wallClockAtNow)
        database = TopologyDatabase(localKey: identity.publicKey, configuration: config.topology)
        processor = RouteSetupProcessor(key: identity, configuration: config.setup)
        table = ForwardingTable(capacity: config.forwardingCapacity)
        bundler = FrameBundler(packetLimit: links.maxPayloadSize, maxBytesPerNeighbour: config.maxPendingBytesPerNeighbour)
        record = OwnRecordState(config: config, now: now)
        nextHousekeepingAt = now
        monotonicOrigin = now
        wallOrigin = wallClockAtNow
        lastNow = now
    }

    /// This node's key: its address.
    public var localKey: PublicKey { identity.publicKey }

    // MARK: Driving

    /// A datagram that arrived on a link socket.
    public func receive(_ datagram: UnsafeMutableRawBufferPointer, from path: PathAddress, now: UInt64) {
        advance(now)
        links.receive(datagram, from: path, now: now)
        afterLinkCall(now: now)
    }

    /// Runs every timer due at `now`: the link layer's, record publication and expiry, route
    /// expiry, ping timeouts, sessions and route retries.
    public func tick(now: UInt64) {
        advance(now)
        links.tick(now: now)
        handleLinkEvents(now: now)
        if now >= nextHousekeepingAt {
            housekeeping(now: now)
            nextHousekeepingAt = now &+ config.recordCheckInterval
        }
        if let publishAt = record.publishAt, now >= publishAt { publishIfDue(now: now) }
        tickPings(now: now)
        tickSessions(now: now)
    }

    /// The earliest time `tick` has work to do.
    public var nextDeadline: UInt64? {
        var earliest = links.nextDeadline ?? UInt64.max
        earliest = min(earliest, nextHousekeepingAt)
        if let p = record.publishAt { earliest = min(earliest, p) }
        for ping in pings.values { earliest = min(earliest, ping.deadline) }
        if let s = sessionDeadline { earliest = min(earliest, s) }
        return earliest == UInt64.max ? nil : earliest
    }

    /// Datagrams to transmit (valid only inside `body`). Call after every other call: routing
    /// frames queued since the last drain are bundled per neighbour into as few link packets as
    /// fit (a setup and the data queued right behind it share one) and sealed now.
    public func drainOutgoing(_ body: (UnsafeRawBufferPointer, PathAddress) -> Void) {
        flush(now: lastNow)
        links.drainOutgoing(body)
    }

    /// Events since the last drain, in order.
    public func drainEvents(_ body: (NodeEvent) -> Void) {
        for e in events { body(e) }
        events.removeAll(keepingCapacity: true)
    }

    /// Keeps a link to a static peer (`key@host:port`).
    public func addStaticPeer(_ key: PublicKey, at path: PathAddress, now: UInt64) {
        advance(now)
        links.addStaticPeer(key, at: path, now: now)
        afterLinkCall(now: now)
    }

    // MARK: Internals shared by the extensions

    func advance(_ now: UInt64) {
        if now > lastNow { lastNow = now }
    }

    /// Wall-clock ns at `now`.
    func wallClock(at now: UInt64) -> UInt64 {
        let elapsed = now >= monotonicOrigin ? now - monotonicOrigin : 0
        return wallOrigin &+ elapsed
    }

    /// After the link layer ran: its events, then the routing frames it delivered.
    func afterLinkCall(now: UInt64) {
        handleLinkEvents(now: now)
        handleDeliveredFrames(now: now)
    }

    /// Sends every bundled frame list through the link layer.
    func flush(now: UInt64) {
        guard !bundler.isEmpty else { return }
        let links = self.links
        var failures: UInt64 = 0
        bundler.flush { neighbour, frames in
            if !links.send(frames: frames, to: neighbour, now: now) { failures &+= 1 }
        }
        counters.sendFailures &+= failures
        counters.bundleDrops = bundler.droppedFrames
    }

    private func handleLinkEvents(now: UInt64) {
        var linkEvents: [LinkEvent] = []
        links.drainEvents { linkEvents.append($0) }
        for event in linkEvents {
            linkEventObserver?(event)
            switch event {
            case .neighborUp(let key):
                upNeighbours.insert(key)
                upNeighbourList = upNeighbours.sorted()
                syncRecords(to: key, now: now)
                record.linksChanged(now: now, coalesce: config.publishCoalesce)
                events.append(.neighborUp(key))
            case .neighborDown(let key):
                upNeighbours.remove(key)
                upNeighbourList = upNeighbours.sorted()
                record.forget(key)
                record.linksChanged(now: now, coalesce: config.publishCoalesce)
                linkLost(to: key, now: now)
                events.append(.neighborDown(key))
            case .linkUp, .linkDown:
                record.linksChanged(now: now, coalesce: config.publishCoalesce)
            case .endpointRoamed:
                break
            }
        }
    }

    /// Record checks and expiry of records, routes and replay tags.
    private func housekeeping(now: UInt64) {
        if !database.expire(now: now).isEmpty { graphCache = nil }
        processor.expire(now: now)
        expireRoutes(now: now)
        checkOwnRecord(now: now)
    }
}
