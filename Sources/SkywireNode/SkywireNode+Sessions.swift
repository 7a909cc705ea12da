import SkywireCrypto
import SkywireRouting
import SkywireSession

/// Why a session call failed.
public enum NodeSessionError: Error, Sendable, Equatable {
    case unknownSession
    /// Not open yet (initiator waiting for the answer), or closed.
    case notOpen
    case session(SessionError)
    case handshake(SessionHandshakeError)
    /// No route to the peer could be set up.
    case route(RouteFailure)
}

extension SkywireNode {
    // MARK: Services and connecting

    /// Answers session initiations addressed to `service` (its key is the Noise responder
    /// static; any port is accepted). The node key itself may serve as a service key.
    public func addService(_ service: PrivateKey) {
        sessions.services.append(service)
    }

    /// Opens a session to `service` on node `nodeKey`, port `port`, over `routes` routes
    /// (default: `config.session.targetRouteCount`). The initiation, carrying `firstMessage`
    /// as 0-RTT data, rides in the setup of every route (one pass, no round trip first).
    /// The answer is `SessionNotice.established`; bytes written before it are sent then.
    public func connect(
        to nodeKey: PublicKey, service: PublicKey, port: UInt16, routes: Int? = nil,
        firstMessage: [UInt8] = [], now: UInt64
    ) throws(NodeSessionError) -> SessionHandle {
        advance(now)
        let k = max(1, routes ?? config.session.targetRouteCount)
        let index = sessions.freshIndex()
        let initiator: SessionInitiator
        let message: [UInt8]
        do throws(SessionHandshakeError) {
            initiator = try SessionInitiator(
                localStatic: identity, serviceKey: service, port: port, localIndex: index, config: config.session)
            message = try initiator.initiation(wallClock: nextSessionStamp(now: now), payload: firstMessage)
        } catch {
            throw .handshake(error)
        }
        let candidates: [SkywireRouting.RoutePath]
        do throws(RouteFailure) {
            candidates = try paths(to: nodeKey, count: k, now: now)
        } catch {
            throw .route(error)
        }
        let s = NodeSession(
            handle: sessions.newHandle(), peerNode: nodeKey, service: service, port: port, isInitiator: true,
            localIndex: index, phase: .connecting(initiator), now: now)
        s.initiation = message
        s.firstMessage = firstMessage
        s.nextConnectRetry = now &+ config.sessionConnectRetry
        sessions.insert(s)
        for path in candidates {
            do throws(RouteFailure) {
                let id = try setUpRoute(path: path.hops, message: message, owner: .session(s.handle), now: now)
                s.routes.insert(id)
            } catch {
                events.append(.routeFailed(destination: nodeKey, error))
            }
        }
        if s.routes.isEmpty {
            close(s, reason: "no route", now: now)
            throw .route(.noPath(.noPath))
        }
        return s.handle
    }

    /// A wall-clock stamp for a session initiation, strictly above the previous one.
    func nextSessionStamp(now: UInt64) -> UInt64 {
        sessionStamp = max(sessionStamp &+ 1, wallClock(at: now))
        return sessionStamp
    }

    // MARK: Using a session

    /// Appends stream bytes; returns how many were taken. Before the session is open they wait
    /// in the node (all are taken).
    @discardableResult
    public func write(_ bytes: [UInt8], to handle: SessionHandle, now: UInt64) throws(NodeSessionError) -> Int {
        advance(now)
        guard let s = sessions.byHandle[handle] else { throw .unknownSession }
        switch s.phase {
        case .connecting:
            s.pendingWrites += bytes
            return bytes.count
        case .open(let session):
            let n: Int
            do throws(SessionError) { n = try session.write(bytes) } catch { throw .session(error) }
            pump(s, now: now)
            return n
        case .closed:
            throw .notOpen
        }
    }

    /// Ends the stream after the bytes written so far.
    public func finish(_ handle: SessionHandle, now: UInt64) {
        advance(now)
        guard let s = sessions.byHandle[handle] else { return }
        switch s.phase {
        case .connecting: s.pendingFinish = true
        case .open(let session):
            session.finish()
            pump(s, now: now)
        case .closed: break
        }
    }

    /// In-order stream bytes received so far (up to `maximum`).
    public func read(_ handle: SessionHandle, maximum: Int = Int.max, now: UInt64) -> [UInt8] {
        advance(now)
        guard let s = sessions.byHandle[handle], let session = s.session else { return [] }
        let bytes = session.read(maximum: maximum, now: now)
        pump(s, now: now)
        return bytes
    }

    /// Sends an unreliable datagram on the session.
    public func sendDatagram(_ bytes: [UInt8], on handle: SessionHandle, now: UInt64) throws(NodeSessionError) {
        advance(now)
        guard let s = sessions.byHandle[handle] else { throw .unknownSession }
        guard let session = s.session else { throw .notOpen }
        do throws(SessionError) { try session.sendDatagram(bytes) } catch { throw .session(error) }
        pump(s, now: now)
    }

    /// The datagrams received on the session since the last call.
    public func receiveDatagrams(_ handle: SessionHandle) -> [[UInt8]] {
        guard let s = sessions.byHandle[handle] else { return [] }
        defer { s.inboundDatagrams.removeAll() }
        return s.inboundDatagrams
    }

    /// Closes the session (a close frame goes out on its routes) and its routes.
    public func close(_ handle: SessionHandle, code: UInt16 = 0, now: UInt64) {
        advance(now)
        guard let s = sessions.byHandle[handle] else { return }
        if let session = s.session {
            session.close(code: code)
            pump(s, now: now)
        }
        close(s, reason: "closed here", now: now)
    }

    /// The session's counters and per-route figures (nil before it opens).
    public func sessionStats(_ handle: SessionHandle) -> SessionStats? {
        sessions.byHandle[handle]?.session?.stats
    }

    /// The routes the session runs on now, with whether the session considers each live.
    public func sessionRoutes(_ handle: SessionHandle) -> [(route: RouteId, live: Bool)] {
        guard let s = sessions.byHandle[handle] else { return [] }
        guard let session = s.session else { return s.routes.sorted().map { ($0, true) } }
        return session.routeList.map { (RouteId(rawValue: $0.route.raw), $0.live) }
    }

    /// Whether every byte written and the end of stream were acknowledged by the peer.
    public func isStreamAcknowledged(_ handle: SessionHandle) -> Bool {
        sessions.byHandle[handle]?.session?.isStreamAcknowledged ?? false
    }

    // MARK: Internals

    /// Closes the node's side: routes torn down, the session forgotten, the owner told.
    func close(_ s: NodeSession, reason: String, now: UInt64) {
        guard !s.isClosed else { return }
        if case .connecting(let initiator) = s.phase { initiator.abort() }
        s.phase = .closed
        for id in s.routes.sorted() where originRoutes[id] != nil {
            if let removed = table.remove(id) { sendTeardowns(removed.notify, reason: .closed) }
            originRoutes[id] = nil
            events.append(.routeDown(id, reason: .closed))
        }
        for (id, r) in endRoutes where r.owner == .session(s.handle) { endRoutes[id]?.owner = .node }
        s.routes.removeAll()
        sessions.remove(s.handle)
        events.append(.session(s.handle, .closed(reason)))
    }
}
