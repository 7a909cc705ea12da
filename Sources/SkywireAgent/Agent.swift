public import SkywireCrypto
import SkywireIdentity
import SkywireIO
import SkywireLink
import SkywireNode

/// The node runtime: the epoll loop that joins the node (`SkywireNode`, sans-IO: links,
/// topology, routes, forwarding, pings) to the UDP link sockets, LAN beacons, timers and the
/// control socket.
///
/// `init` does everything that can fail at start (key file, sockets, control socket) and
/// throws one `AgentError`; `run` then loops until `requestStop` (any thread) or, after
/// `stopOnTerminationSignals`, SIGINT/SIGTERM. Leaving `run` closes the control socket and
/// removes its file. Apart from `requestStop`, an agent belongs to the thread that runs it.
public final class Agent: @unchecked Sendable {
    /// The configuration it runs with.
    public let config: AgentConfig
    /// This node's key, and whether this start created the key file.
    public let nodeKey: PublicKey
    public let keyCreated: Bool
    /// The UDP link port (the kernel's choice when the config said 0).
    public var port: UInt16 { sockets.port }
    /// The node address, `skn1...`.
    public var address: String { AgentText.nodeAddress(nodeKey) }

    let logger: Logger
    let version: String
    let epoll: Epoll
    let wakeup: EventWakeup
    let sockets: LinkSockets
    let control: ControlServer
    /// The node: its `links` are the link layer (snapshots, beacons).
    let node: SkywireNode
    var links: LinkManager { node.links }
    /// `ping` requests waiting for their answers.
    let pings = PingJobs()
    let beaconing: Beaconing
    /// Interface change notifications (nil without netlink: periodic scans only).
    let interfaceWatcher = InterfaceWatcher()
    let startedAt: UInt64
    var counters = AgentCounters()
    let events = EpollEventBuffer(capacity: 64)

    /// Loads (or on first start creates) the node key, opens the link sockets and the control
    /// socket. Nothing runs until `run`.
    public init(config: AgentConfig, version: String, logger: Logger) throws(AgentError) {
        self.config = config
        self.logger = logger
        self.version = version
        let identity: Identity
        do {
            (identity, keyCreated) = try KeyFile.loadOrCreate(at: config.keyPath, kind: .node, createDirectories: true)
        } catch {
            throw .key(error)
        }
        nodeKey = identity.publicKey
        do {
            epoll = try Epoll()
            wakeup = try EventWakeup()
        } catch {
            throw .system(error)
        }
        sockets = try LinkSockets(port: config.port, logger: logger)
        do {
            control = try ControlServer(path: config.controlPath)
        } catch {
            throw .control(path: config.controlPath, error)
        }
        let now = SystemClock.monotonicNanoseconds()
        startedAt = now
        var linkConfig = LinkConfig.default
        linkConfig.keepaliveInterval = config.keepaliveInterval
        linkConfig.deadAfterMissed = config.deadAfter
        linkConfig.beaconInterval = config.beaconInterval
        var nodeConfig = NodeConfig.default
        nodeConfig.link = linkConfig
        node = SkywireNode(identity: identity.privateKey, config: nodeConfig, now: now,
                           wallClockAtNow: SystemClock.wallClockNanoseconds())
        beaconing = Beaconing(enabled: config.discovery, allowed: config.interfaces,
                              interval: config.beaconInterval, now: now)
        node.linkEventObserver = { [unowned self] event in logLink(event) }
    }

    /// Makes `run` return soon. Safe from any thread.
    public func requestStop() {
        try? wakeup.wake()
    }

    /// SIGINT and SIGTERM make `run` return (instead of killing the process), so the control
    /// socket is removed. For the process that runs one agent (`skywire run`).
    public func stopOnTerminationSignals() {
        SignalStop.install(wakingDescriptor: wakeup.fileDescriptor)
    }
}
