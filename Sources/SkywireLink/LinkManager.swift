import SkywireCrypto
import SkywireNoise
import SkywireTransport
import SkywireWire

/// The link layer of one node, sans-IO: datagrams and time in, datagrams and events out.
///
/// A neighbour is a node key, never an address. It may be reachable over several paths at once
/// (one per local interface, or a clearnet endpoint); each path is a link with its own IK
/// handshake, transport session and metrics, and all of them are kept and measured.
///
/// Use: feed every datagram of the link sockets to `receive`, call `tick` at `nextDeadline`,
/// and after every call drain `drainOutgoing` (send those), `drainEvents` and `drainDelivered`.
/// Nothing here reads a clock, touches a socket or traps on input; bad input is counted in
/// `counters` and dropped. Not thread-safe: one owner drives it.
///
/// The wire rules this implements are docs/protocol.md §6.
public final class LinkManager {
    let identity: PrivateKey
    /// The timers and limits in force.
    public let config: LinkConfig

    /// Monotonic `now` and wall-clock time at construction, for the IK timestamps.
    let monotonicOrigin: UInt64
    let wallOrigin: UInt64
    /// The latest `now` seen (beacon sequences are taken from the wall clock at this time).
    var lastNow: UInt64
    var lastInitiationStamp: UInt64 = 0
    var lastBeaconSequence: UInt64 = 0

    var neighbors: [PublicKey: Neighbor] = [:]
    var indices: [UInt32: IndexOwner] = [:]
    var replayGuard = InitiationReplayGuard()
    var beaconSequences: [BeaconSource: UInt64] = [:]
    static let beaconSourceCapacity = 4096

    let outgoing: DatagramQueue
    let delivered: DatagramQueue
    var events: [LinkEvent] = []

    /// Datagrams in/out, drops by reason, handshakes.
    public internal(set) var counters = LinkCounters()

    /// - Parameters:
    ///   - identity: this node's key.
    ///   - config: timers and limits.
    ///   - now: the caller's monotonic clock (ns) at this moment.
    ///   - wallClockAtNow: wall-clock ns since the Unix epoch corresponding to `now` (for the IK
    ///     timestamp and beacon sequences, so they grow across restarts).
    public init(identity: PrivateKey, config: LinkConfig, now: UInt64, wallClockAtNow: UInt64) {
        self.identity = identity
        self.config = config
        monotonicOrigin = now
        wallOrigin = wallClockAtNow
        lastNow = now
        outgoing = DatagramQueue(slotSize: config.datagramSize, capacity: config.maxQueuedDatagrams)
        delivered = DatagramQueue(slotSize: config.datagramSize, capacity: config.maxQueuedDatagrams)
        events.reserveCapacity(64)
    }

    /// This node's key.
    public var localKey: PublicKey { identity.publicKey }

    /// The largest `payload` `send(frames:to:)` takes.
    public var maxPayloadSize: Int { config.datagramSize - TransportHeader.overhead }

    /// Static peer `key@host:port`: keep a link to it (handshake now, retry with backoff
    /// forever, re-dial after it goes down). Calling it again for the same key and interface
    /// changes the address re-dials go to.
    public func addStaticPeer(_ key: PublicKey, at path: PathAddress, now: UInt64) {
        advanceClock(now)
        guard key != localKey else { return }
        guard let link = findOrCreateLink(key, path: path, now: now, evenBeyondLimit: true) else { return }
        link.staticPath = path
        if link.state == .down && link.pending == nil && link.unconfirmed == nil {
            link.path = path
            startInitiation(link, to: path, now: now)
        }
    }

    /// Any datagram that arrived on a link socket (beacon, handshake, transport). Decrypts
    /// transport packets in place. Never traps; bad input is counted and dropped.
    public func receive(_ datagram: UnsafeMutableRawBufferPointer, from: PathAddress, now: UInt64) {
        advanceClock(now)
        counters.datagramsIn &+= 1
        counters.bytesIn &+= UInt64(datagram.count)
        guard let first = datagram.first, let type = MessageType(rawValue: first) else {
            drop(.malformed)
            return
        }
        switch type {
        case .beacon: receiveBeacon(UnsafeRawBufferPointer(datagram), from: from, now: now)
        case .handshakeInitiation: receiveInitiation(UnsafeRawBufferPointer(datagram), from: from, now: now)
        case .handshakeResponse: receiveResponse(UnsafeRawBufferPointer(datagram), from: from, now: now)
        case .transportData: receiveTransport(datagram, from: from, now: now)
        }
    }

    /// Datagrams to transmit, in order. Call after every receive/tick/send and send them all;
    /// the buffers are valid only inside `body`.
    public func drainOutgoing(_ body: (UnsafeRawBufferPointer, PathAddress) -> Void) {
        outgoing.drain { bytes, path, _ in
            counters.datagramsOut &+= 1
            counters.bytesOut &+= UInt64(bytes.count)
            body(bytes, path)
        }
    }

    /// Events since the last drain, in order.
    public func drainEvents(_ body: (LinkEvent) -> Void) {
        var i = 0
        while i < events.count {
            body(events[i])
            i += 1
        }
        events.removeAll(keepingCapacity: true)
    }

    /// Frames for the layer above, received from neighbours: each buffer is exactly one frame,
    /// `type (1) ‖ length (2) ‖ body`, of a type this layer does not handle, with the neighbour
    /// and the path it came over. Valid only inside `body`.
    public func drainDelivered(_ body: (PublicKey, PathAddress, UnsafeRawBufferPointer) -> Void) {
        delivered.drain { bytes, path, key in
            guard let key else { return }
            body(key, path, bytes)
        }
    }

    // MARK: Shared helpers

    func advanceClock(_ now: UInt64) {
        if now > lastNow { lastNow = now }
    }

    func drop(_ reason: DropReason) {
        counters.drops.record(reason)
    }

    /// Wall-clock ns for a monotonic `now`.
    func wallClock(at now: UInt64) -> UInt64 {
        later(wallOrigin, elapsed(now, since: monotonicOrigin))
    }

    /// A fresh receiver index: random, never 0, unused by this manager. The caller registers it.
    func allocateIndex() -> UInt32 {
        while true {
            let index = SecureRandom.uint32()
            if index != 0 && indices[index] == nil { return index }
        }
    }

    /// The link to `key` for `path` (see `Neighbor.link(for:)`), created if there is none; nil
    /// (counted) if `key` is new and `maxNeighbors` are known already.
    func findOrCreateLink(_ key: PublicKey, path: PathAddress, now: UInt64, evenBeyondLimit: Bool = false) -> Link? {
        let neighbor: Neighbor
        if let known = neighbors[key] {
            neighbor = known
        } else {
            guard evenBeyondLimit || neighbors.count < config.maxNeighbors else {
                drop(.neighborLimit)
                return nil
            }
            neighbor = Neighbor(key: key)
            neighbors[key] = neighbor
        }
        if let link = neighbor.link(for: path) { return link }
        let link = Link(neighbor: key, path: path, now: now)
        neighbor.links.append(link)
        return link
    }
}

/// A beacon's origin for the sequence rule: its node key on one local interface (the same
/// beacon legitimately arrives on every interface the two nodes share).
struct BeaconSource: Hashable {
    var key: PublicKey
    var interface: UInt32
}
