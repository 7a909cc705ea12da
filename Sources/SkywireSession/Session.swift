public import SkywireCrypto
import SkywireNoise
import SkywireTransport

/// One end-to-end session over any number of routes, sans-IO.
///
/// Made by `SessionInitiator.readResponse` or `SessionResponder.accept`. The owner (the node
/// layer) feeds it the session transport packets that arrive on each route (`receive`), calls
/// `tick` at `nextDeadline`, and after either call sends what `drainOutgoing` hands it on the
/// route it names. Everything takes `now`, monotonic nanoseconds; nothing reads a clock.
///
/// Inside, packets are `TransportSession` packets (type `0x23`) whose plaintext is a list of
/// session frames (docs/protocol.md §9.4); a packet's number is its transport counter. Each
/// route has its own RTT estimate, NewReno window, pacer and loss detection (RFC 9002 rules,
/// per route). The scheduler sends new stream data on the lowest-RTT route with window space,
/// and on a slower one only when BLEST's estimate says the receiver will not be held up by it;
/// data lost or stuck on a failing route is sent again on the others. ACKs go on the live
/// route with the lowest RTT, whichever route carried the data (a one-way route keeps working
/// for data while its ACKs come back another way).
///
/// Allocation: buffers (send buffer, reorder buffer, datagram queues, packet buffers, range
/// sets, per-route packet rings) are allocated when the session or a route is made, or grow
/// geometrically up to the session's working size; after that, sending and receiving packets
/// allocate nothing. `drainEvents`, `stats` and the `[UInt8]` conveniences allocate.
///
/// Not thread-safe; one owner drives it. The closures given to `drainOutgoing` and
/// `drainDatagrams` must not call back into the session.
public final class Session {
    /// The tunables this session runs with.
    public let config: SessionConfig
    /// The peer's static key (the client's key on the server; the service key on the client).
    public let peerKey: PublicKey
    /// The handshake hash, identical on both ends (channel binding).
    public let handshakeHash: [UInt8]

    let transport: TransportSession
    var phase: Phase = .open
    var routes: [RoutePath] = []
    var stream: StreamSender
    var inbound: StreamReceiver
    var acks: AckTracker
    var datagramsOut: DatagramQueue
    var datagramsIn: DatagramQueue
    var events: [SessionEvent] = []
    /// Where outgoing packets are built and sealed.
    var packetBuffer: [UInt8]
    /// Where `receive(packet: [UInt8])` copies a packet to open it in place.
    var receiveBuffer: [UInt8]
    var lastReceiveAt: UInt64
    /// When the route chosen for waiting data may send again (pacing).
    var pacingWakeup: UInt64?
    /// When the last ack-eliciting packet left on any route.
    var lastAckElicitingSentAt: UInt64
    var counters = Counters()
    /// ACK-only packets sent (for spreading them over two routes).
    var ackOnlyPackets: UInt64 = 0
    /// Probes sent in a row while new data waited only for the peer's window.
    var flowBlockedProbes = 0

    /// Where the session stands.
    enum Phase: Equatable {
        case open
        /// `close` was called; the close frame goes out with the next `drainOutgoing`.
        case closing(code: UInt16)
        case closed
    }

    /// Session-wide counters (per-route ones live in `RoutePath`).
    struct Counters {
        var packetsReceived: UInt64 = 0
        var bytesReceived: UInt64 = 0
        var packetsRejected: UInt64 = 0
        var datagramsSent: UInt64 = 0
        var datagramsReceived: UInt64 = 0
        var datagramsDropped: UInt64 = 0
        var streamBytesWritten: UInt64 = 0
        var flowControlViolations: UInt64 = 0
        var peakSendBuffered: Int = 0
    }

    init(keys: TransportKeys, localIndex: UInt32, remoteIndex: UInt32, peerWindow: UInt64, now: UInt64, config: SessionConfig) {
        var config = config
        config.maxPacketSize = min(max(config.maxPacketSize, 256), 65_535)
        config.maximumRoutes = min(max(1, config.maximumRoutes), 64)
        self.config = config
        peerKey = keys.remoteStatic
        handshakeHash = keys.handshakeHash
        transport = TransportSession(
            sendKey: keys.sendKey, receiveKey: keys.receiveKey, localIndex: localIndex,
            remoteIndex: remoteIndex, now: now, policy: config.rekeyPolicy)
        stream = StreamSender(capacity: config.sendBufferCapacity, peerLimit: peerWindow)
        inbound = StreamReceiver(capacity: config.receiveBufferCapacity)
        acks = AckTracker(maxAckDelay: config.maxAckDelay, ackEveryPackets: config.ackEveryPackets)
        datagramsOut = DatagramQueue(capacity: config.datagramSendQueueCapacity)
        datagramsIn = DatagramQueue(capacity: config.datagramReceiveQueueCapacity)
        packetBuffer = [UInt8](repeating: 0, count: config.maxPacketSize)
        receiveBuffer = [UInt8](repeating: 0, count: 65_535)
        lastReceiveAt = now
        lastAckElicitingSentAt = now
        routes.reserveCapacity(config.maximumRoutes)
        events.reserveCapacity(8)
    }

    /// This side's session index (the receiver index of incoming packets).
    public var localIndex: UInt32 { transport.localIndex }
    /// The peer's session index.
    public var remoteIndex: UInt32 { transport.remoteIndex }
    /// Whether the session is closed (nothing more is sent or accepted).
    public var isClosed: Bool { phase == .closed }

    // MARK: Routes

    /// Starts using `route` (a probe goes out on it at once to measure it). Re-adding a dead
    /// route revives it. Returns false if the session already has `maximumRoutes` routes.
    @discardableResult
    public func addRoute(_ route: RouteID, now: UInt64) -> Bool {
        if let index = routeIndex(route) {
            if routes[index].state == .dead { revive(index, now: now) }
            routes[index].probesPending = max(routes[index].probesPending, 1)
            return true
        }
        guard routes.count < config.maximumRoutes else { return false }
        var path = RoutePath(id: route, learned: false, now: now, config: config)
        path.probesPending = 1
        routes.append(path)
        return true
    }

    /// Stops using `route`; what it had in flight is sent again on the others.
    public func removeRoute(_ route: RouteID) {
        guard let index = routeIndex(route) else { return }
        requeueStreamData(of: index)
        routes.remove(at: index)
        requestRoutesIfNeeded()
    }

    /// The routes the session knows, and whether each is live.
    public var routeList: [(route: RouteID, live: Bool)] { routes.map { ($0.id, $0.isLive) } }

    func routeIndex(_ route: RouteID) -> Int? {
        for i in routes.indices where routes[i].id == route { return i }
        return nil
    }

    var liveRouteCount: Int {
        var n = 0
        for ri in routes.indices where routes[ri].isLive { n += 1 }
        return n
    }

    /// Emits `needRoute` when fewer than `targetRouteCount` routes are live.
    func requestRoutesIfNeeded() {
        let missing = config.targetRouteCount - liveRouteCount
        if missing > 0 && phase == .open { events.append(.needRoute(missing)) }
    }

    // MARK: Stream

    /// Appends stream bytes; returns how many the send buffer took (it holds at most
    /// `sendBufferCapacity` unacknowledged bytes). Throws after `finish` or `close`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SessionError) -> Int {
        guard phase == .open else { throw .closed }
        guard stream.finOffset == nil else { throw .streamFinished }
        let taken = stream.write(bytes)
        counters.streamBytesWritten += UInt64(taken)
        counters.peakSendBuffered = max(counters.peakSendBuffered, stream.buffered)
        return taken
    }

    /// `write` for an array (the conveniences of this kind do not allocate either).
    public func write(_ bytes: [UInt8]) throws(SessionError) -> Int {
        let result: Result<Int, SessionError> = bytes.withUnsafeBytes { raw in
            do throws(SessionError) { return .success(try write(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Whether an ACK frame has something to say: packets received since the last one, or a
    /// receive window that opened by a quarter of the buffer since it was last advertised.
    var ackOwed: Bool {
        acks.hasNews || inbound.limit - inbound.advertisedLimit >= UInt64(max(1, inbound.capacity / 4))
    }

    /// Room left in the send buffer.
    public var writableBytes: Int { phase == .open && stream.finOffset == nil ? stream.freeSpace : 0 }

    /// Ends the stream after the bytes written so far (the peer sees `streamFinished`).
    public func finish() { stream.finish() }

    /// Whether every stream byte and the end of stream were acknowledged.
    public var isStreamAcknowledged: Bool { stream.isFullyAcknowledged }

    /// Bytes of the peer's stream readable now (in order).
    public var readableBytes: Int { inbound.readable }

    /// Copies in-order stream bytes into `buffer`; returns how many. Reading opens the window
    /// the session advertises; a large enough opening is announced at once.
    public func read(into buffer: UnsafeMutableRawBufferPointer, now: UInt64) -> Int {
        let count = inbound.read(into: buffer)
        if inbound.limit - inbound.advertisedLimit >= UInt64(inbound.capacity / 4) {
            acks.requestImmediate(now: now)
        }
        return count
    }

    /// Reads up to `maximum` bytes into a new array (allocates).
    public func read(maximum: Int = Int.max, now: UInt64) -> [UInt8] {
        let count = min(maximum, inbound.readable)
        var out = [UInt8](repeating: 0, count: count)
        let got = out.withUnsafeMutableBytes { read(into: $0, now: now) }
        out.removeLast(count - got)
        return out
    }

    /// Whether the peer ended its stream and every byte of it was read.
    public var isPeerStreamFinished: Bool { inbound.isFinished }

    // MARK: Datagrams

    /// Queues one unreliable datagram: sent once, on the lowest-RTT route with window space,
    /// never re-sent; delivered at most once, in arrival order.
    public func sendDatagram(_ bytes: UnsafeRawBufferPointer) throws(SessionError) {
        guard phase == .open else { throw .closed }
        guard bytes.count <= maximumDatagramSize else {
            throw .datagramTooLarge(maximum: maximumDatagramSize, got: bytes.count)
        }
        guard datagramsOut.push(bytes) else { throw .datagramQueueFull }
    }

    /// `sendDatagram` for an array.
    public func sendDatagram(_ bytes: [UInt8]) throws(SessionError) {
        let result: Result<Void, SessionError> = bytes.withUnsafeBytes { raw in
            do throws(SessionError) { return .success(try sendDatagram(raw)) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// The largest datagram that fits one packet (room left for an ACK frame).
    public var maximumDatagramSize: Int {
        config.maxPacketSize - 32 - 3 - (3 + AckFrame.fixedSize + 8 * 4)
    }

    /// Hands every received datagram to `body` (the view is valid during the call only).
    public func drainDatagrams(_ body: (UnsafeRawBufferPointer) -> Void) {
        while let length = datagramsIn.firstLength {
            receiveBuffer.withUnsafeMutableBytes { raw in
                let got = datagramsIn.popFirst(into: raw)
                body(UnsafeRawBufferPointer(rebasing: raw[0..<min(got, length)]))
            }
        }
    }

    // MARK: Events and closing

    /// The events since the last call, oldest first.
    public func drainEvents() -> [SessionEvent] {
        let out = events
        events.removeAll(keepingCapacity: true)
        return out
    }

    /// Closes the session: a close frame carrying `code` goes out on every route with the next
    /// `drainOutgoing`, then nothing more is sent or accepted.
    public func close(code: UInt16 = 0) {
        guard phase == .open else { return }
        phase = .closing(code: code)
    }

    func finishClosing(_ reason: SessionCloseReason) {
        guard phase != .closed else { return }
        phase = .closed
        events.append(.closed(reason))
    }
}
