import SkywireCrypto
import SkywireRouting
import SkywireSession

extension SkywireNode {
    // MARK: Packets in

    /// A session message that arrived at an end of a route.
    func receiveSessionPacket(_ bytes: [UInt8], context: ArrivalContext, now: UInt64) {
        let type = bytes.withUnsafeBytes { SessionMessageType.of($0) }
        let index = bytes.withUnsafeBytes { SessionMessageType.receiverIndex(of: $0) }
        switch type {
        case .none:
            counters.endpointInvalid &+= 1
        case .initiation?:
            accept(bytes, context: context, now: now)
        case .response?:
            guard let index, let s = sessions.session(index: index), case .connecting(let initiator) = s.phase else { return }
            let opened: (payload: [UInt8], session: Session)
            do throws(SessionHandshakeError) {
                opened = try initiator.readResponse(bytes, now: now)
            } catch {
                if case .refused(let status) = error { close(s, reason: "refused (status \(status))", now: now) }
                return
            }
            open(s, session: opened.session, arrivedOn: context.route, now: now)
            events.append(.session(s.handle, .established(reply: opened.payload)))
            pump(s, now: now)
        case .transport?:
            guard let index, let s = sessions.session(index: index), let session = s.session else { return }
            let route = sessionRoute(for: context.route, in: s)
            do throws(SessionError) {
                try session.receive(packet: bytes, on: route, now: now)
            } catch {
                return
            }
            let readable = session.readableBytes > 0
            var datagrams = false
            session.drainDatagrams { s.inboundDatagrams.append(Array($0)); datagrams = true }
            pump(s, now: now)
            if datagrams { events.append(.session(s.handle, .datagrams)) }
            if readable { events.append(.session(s.handle, .readable)) }
        }
    }

    /// Responder: an initiation for one of our services. The session opens at once; the answer
    /// goes back on the same route when it works backwards, else on a route of our own to the
    /// client's node key (which the handshake proved).
    private func accept(_ bytes: [UInt8], context: ArrivalContext, now: UInt64) {
        guard let arrival = endRoutes[context.route], !sessions.services.isEmpty else { return }
        let responder = SessionResponder(serviceKeys: sessions.services)
        let initiation: SessionInitiation
        let answer: (response: [UInt8], session: Session)
        let index = sessions.freshIndex()
        do throws(SessionHandshakeError) {
            initiation = try responder.readInitiation(bytes, replayGuard: &sessions.replayGuard)
            answer = try responder.accept(localIndex: index, now: now, config: config.session)
        } catch {
            return  // forged, for another service, or a copy that came over a second route
        }
        let s = NodeSession(
            handle: sessions.newHandle(), peerNode: initiation.clientKey, service: initiation.serviceKey,
            port: initiation.port, isInitiator: false, localIndex: index, phase: .open(answer.session), now: now)
        s.establishedAt = now
        sessions.insert(s)
        events.append(.session(s.handle, .accepted(
            peer: initiation.clientKey, service: initiation.serviceKey, port: initiation.port,
            firstMessage: initiation.payload)))
        if arrival.reverseUsable {
            attach(context.route, to: s, session: answer.session, now: now)
            sendOnRoute(context.route, message: answer.response, now: now)
        } else {
            do throws(RouteFailure) {
                let path = try paths(to: s.peerNode, now: now)[0].hops
                let id = try setUpRoute(path: path, message: answer.response, owner: .session(s.handle), now: now)
                s.routes.insert(id)
                answer.session.addRoute(RouteID(id.rawValue), now: now)
                events.append(.session(s.handle, .routeAdded(id)))
            } catch {
                events.append(.routeFailed(destination: s.peerNode, error))
            }
        }
        pump(s, now: now)
    }

    /// Initiator: the answer arrived; the session runs on every route set up for it.
    private func open(_ s: NodeSession, session: Session, arrivedOn route: RouteId, now: UInt64) {
        s.phase = .open(session)
        s.establishedAt = now
        s.initiation = nil
        for id in s.routes.sorted() where originRoutes[id] != nil {
            session.addRoute(RouteID(id.rawValue), now: now)
        }
        if originRoutes[route] == nil, endRoutes[route]?.reverseUsable == true { attach(route, to: s, session: session, now: now) }
        if !s.pendingWrites.isEmpty {
            _ = try? session.write(s.pendingWrites)
            s.pendingWrites.removeAll()
        }
        if s.pendingFinish { session.finish() }
    }

    /// An incoming route that works backwards becomes one of the session's routes.
    private func attach(_ route: RouteId, to s: NodeSession, session: Session, now: UInt64) {
        guard let end = endRoutes[route], end.reverseUsable, end.owner == .node else { return }
        endRoutes[route]?.owner = .session(s.handle)
        s.routes.insert(route)
        session.addRoute(RouteID(route.rawValue), now: now)
        events.append(.session(s.handle, .routeAdded(route)))
    }

    /// The route id to hand the session for a packet that arrived on `route`. A route the
    /// session can send on is itself (an incoming one is attached, so the session learns it);
    /// a receive-only route (it does not work backwards) is reported as one of the session's
    /// live routes, so the session never tries to send on it.
    private func sessionRoute(for route: RouteId, in s: NodeSession) -> RouteID {
        if originRoutes[route] != nil { return RouteID(route.rawValue) }
        if let end = endRoutes[route], end.reverseUsable {
            if end.owner == .node {
                endRoutes[route]?.owner = .session(s.handle)
                s.routes.insert(route)
            }
            return RouteID(route.rawValue)
        }
        let known = s.session?.routeList ?? []
        return (known.first { $0.live } ?? known.first)?.route ?? RouteID(route.rawValue)
    }

    // MARK: Packets out, events, timers

    /// Sends what the session has to send on the routes it names, and acts on its events.
    func pump(_ s: NodeSession, now: UInt64) {
        guard let session = s.session else { return }
        session.drainOutgoing(now: now) { route, bytes in
            sendOnRoute(RouteId(rawValue: route.raw), message: bytes, now: now)
        }
        for event in session.drainEvents() {
            switch event {
            case .routeDead(let r):
                routeDied(RouteId(rawValue: r.raw), in: s, session: session, now: now)
            case .routeRevived:
                break
            case .needRoute:
                let at = now &+ (s.isInitiator ? 0 : config.responderRouteGrace)
                s.routeCheckAt = min(s.routeCheckAt ?? at, at)
            case .routeLearned(let r):
                events.append(.session(s.handle, .routeAdded(RouteId(rawValue: r.raw))))
            case .streamFinished:
                events.append(.session(s.handle, .streamFinished))
            case .closed(let reason):
                close(s, reason: "\(reason)", now: now)
                return
            }
        }
    }

    /// The session found a route dead: it leaves the session; our own is torn down and its
    /// path avoided for a while; a replacement is looked for at once.
    private func routeDied(_ id: RouteId, in s: NodeSession, session: Session, now: UInt64) {
        session.removeRoute(RouteID(id.rawValue))
        s.routes.remove(id)
        if let origin = originRoutes[id] {
            s.failedPaths.append((origin.path, now &+ config.failedPathHold))
            originRoutes[id] = nil
            if let removed = table.remove(id) { sendTeardowns(removed.notify, reason: .closed) }
            events.append(.routeDown(id, reason: .closed))
        } else {
            endRoutes[id]?.owner = .node
        }
        events.append(.session(s.handle, .routeLost(id)))
        s.routeCheckAt = now
    }

    /// A route of the session left the table (teardown, link loss, idle).
    func sessionRouteGone(_ handle: SessionHandle, route: RouteId, path: [PublicKey]?, now: UInt64) {
        guard let s = sessions.byHandle[handle] else { return }
        s.routes.remove(route)
        if let path { s.failedPaths.append((path, now &+ config.failedPathHold)) }
        events.append(.session(handle, .routeLost(route)))
        if let session = s.session {
            session.removeRoute(RouteID(route.rawValue))
            pump(s, now: now)
        }
        s.routeCheckAt = now
    }

    var sessionDeadline: UInt64? {
        var earliest: UInt64?
        func consider(_ t: UInt64?) { if let t { earliest = min(earliest ?? t, t) } }
        for s in sessions.byHandle.values {
            switch s.phase {
            case .connecting: consider(s.nextConnectRetry)
            case .open(let session): consider(session.nextDeadline)
            case .closed: break
            }
            consider(s.routeCheckAt)
        }
        return earliest
    }

    func tickSessions(now: UInt64) {
        guard !sessions.byHandle.isEmpty else { return }
        for handle in sessions.byHandle.keys.sorted() {
            guard let s = sessions.byHandle[handle] else { continue }
            switch s.phase {
            case .connecting:
                if now >= s.nextConnectRetry { retryConnect(s, now: now) }
            case .open(let session):
                if let due = session.nextDeadline, due <= now { session.tick(now: now) }
                pump(s, now: now)
            case .closed:
                continue
            }
            if let at = s.routeCheckAt, now >= at {
                s.routeCheckAt = nil
                ensureRoutes(s, now: now)
            }
        }
    }
}
