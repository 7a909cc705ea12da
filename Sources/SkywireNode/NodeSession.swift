import SkywireCrypto
import SkywireNoise
import SkywireRouting
import SkywireSession

/// One end-to-end session as the node keeps it: the `SkywireSession` state, the peer's node
/// key (what routes are set up to: the session is bound to it, never to a link or an address)
/// and the routes it runs on.
final class NodeSession {
    enum Phase {
        /// Initiator: the initiation left; waiting for the answer.
        case connecting(SessionInitiator)
        case open(Session)
        case closed
    }

    let handle: SessionHandle
    /// The node the session's routes go to.
    let peerNode: PublicKey
    let service: PublicKey
    let port: UInt16
    let isInitiator: Bool
    let localIndex: UInt32
    var phase: Phase
    /// The initiation message (initiator, while connecting): sent again on routes added then.
    var initiation: [UInt8]?
    /// The 0-RTT first message (initiator, while connecting: retries carry it again).
    var firstMessage: [UInt8] = []
    /// Datagrams received and not yet taken by the owner.
    var inboundDatagrams: [[UInt8]] = []
    var connectAttempts = 1
    var nextConnectRetry: UInt64 = 0
    /// Bytes written before the session opened (initiator).
    var pendingWrites: [UInt8] = []
    var pendingFinish = false
    /// Routes this node set up for the session (origin) and incoming ones it sends on.
    var routes: Set<RouteId> = []
    /// Paths of routes that died recently, with when they may be chosen again.
    var failedPaths: [(path: [PublicKey], until: UInt64)] = []
    /// When to look again at how many routes the session has (and set up the missing ones).
    var routeCheckAt: UInt64?
    var routeRetryDelay: UInt64 = 0
    let openedAt: UInt64
    var establishedAt: UInt64?

    init(handle: SessionHandle, peerNode: PublicKey, service: PublicKey, port: UInt16, isInitiator: Bool,
         localIndex: UInt32, phase: Phase, now: UInt64) {
        self.handle = handle
        self.peerNode = peerNode
        self.service = service
        self.port = port
        self.isInitiator = isInitiator
        self.localIndex = localIndex
        self.phase = phase
        openedAt = now
    }

    var session: Session? {
        if case .open(let s) = phase { return s }
        return nil
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }
}

/// Every session of the node, by handle and by local index (the receiver index in the peer's
/// packets), plus the services this node answers for.
struct SessionTable {
    var byHandle: [SessionHandle: NodeSession] = [:]
    var byIndex: [UInt32: SessionHandle] = [:]
    var services: [PrivateKey] = []
    /// Newest initiation timestamp accepted per client key (replays of 0-RTT messages).
    var replayGuard = InitiationReplayGuard()
    private var nextHandle: UInt64 = 1

    mutating func newHandle() -> SessionHandle {
        defer { nextHandle += 1 }
        return SessionHandle(raw: nextHandle)
    }

    /// A fresh local index: random, never 0, unused.
    func freshIndex() -> UInt32 {
        while true {
            let i = SecureRandom.uint32()
            if i != 0 && byIndex[i] == nil { return i }
        }
    }

    mutating func insert(_ s: NodeSession) {
        byHandle[s.handle] = s
        byIndex[s.localIndex] = s.handle
    }

    mutating func remove(_ handle: SessionHandle) {
        guard let s = byHandle.removeValue(forKey: handle) else { return }
        byIndex[s.localIndex] = nil
    }

    func session(index: UInt32) -> NodeSession? {
        byIndex[index].flatMap { byHandle[$0] }
    }

    func peer(of handle: SessionHandle) -> PublicKey? { byHandle[handle]?.peerNode }
}
