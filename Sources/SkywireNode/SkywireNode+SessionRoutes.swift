import SkywireCrypto
import SkywireRouting
import SkywireSession

extension SkywireNode {
    /// Sets up the routes an open session lacks (`targetRouteCount` live ones), on paths it does
    /// not use already and that did not fail lately; when no such path exists yet (the graph
    /// has not caught up with a failure), tries again later with a doubling wait.
    func ensureRoutes(_ s: NodeSession, now: UInt64) {
        guard let session = s.session else {
            if s.routes.isEmpty, case .connecting = s.phase { s.nextConnectRetry = now }
            return
        }
        let missing = config.session.targetRouteCount - session.routeList.filter(\.live).count
        guard missing > 0 else {
            s.routeRetryDelay = 0
            return
        }
        let fresh = freshPaths(for: s, count: missing, now: now)
        for path in fresh {
            do throws(RouteFailure) {
                let id = try setUpRoute(path: path, message: [], owner: .session(s.handle), now: now)
                s.routes.insert(id)
                session.addRoute(RouteID(id.rawValue), now: now)
                events.append(.session(s.handle, .routeAdded(id)))
            } catch {
                events.append(.routeFailed(destination: s.peerNode, error))
            }
        }
        pump(s, now: now)
        if fresh.count < missing {
            s.routeRetryDelay = min(max(s.routeRetryDelay * 2, config.routeRetry), config.routeRetryMax)
            s.routeCheckAt = now &+ s.routeRetryDelay
        } else {
            s.routeRetryDelay = 0
        }
    }

    /// Up to `count` paths to the session's peer that none of its routes uses and that did not
    /// fail within `failedPathHold`, cheapest first.
    func freshPaths(for s: NodeSession, count: Int, now: UInt64) -> [[PublicKey]] {
        s.failedPaths.removeAll { $0.until <= now }
        var avoid = Set(s.routes.compactMap { originRoutes[$0]?.path })
        for f in s.failedPaths { avoid.insert(f.path) }
        let candidates: [SkywireRouting.RoutePath]
        do throws(RouteFailure) {
            candidates = try paths(to: s.peerNode, count: count + avoid.count + 1, now: now)
        } catch {
            return []
        }
        var out: [[PublicKey]] = []
        for c in candidates where !avoid.contains(c.hops) && out.count < count {
            guard upNeighbours.contains(c.hops[0]) else { continue }
            out.append(c.hops)
            avoid.insert(c.hops)
        }
        return out
    }

    /// Initiator without an answer: a fresh initiation (new ephemeral key and timestamp; the
    /// responder refuses repeats) on the session's routes, or on new ones if it has none left.
    func retryConnect(_ s: NodeSession, now: UInt64) {
        guard case .connecting(let old) = s.phase else { return }
        guard s.connectAttempts < config.sessionConnectAttempts else {
            close(s, reason: "no answer", now: now)
            return
        }
        old.abort()
        let initiator: SessionInitiator
        let message: [UInt8]
        do throws(SessionHandshakeError) {
            initiator = try SessionInitiator(
                localStatic: identity, serviceKey: s.service, port: s.port, localIndex: s.localIndex, config: config.session)
            message = try initiator.initiation(wallClock: nextSessionStamp(now: now), payload: s.firstMessage)
        } catch {
            close(s, reason: "handshake: \(error)", now: now)
            return
        }
        s.phase = .connecting(initiator)
        s.initiation = message
        s.connectAttempts += 1
        s.nextConnectRetry = now &+ config.sessionConnectRetry << UInt64(min(s.connectAttempts - 1, 4))
        var sent = false
        for id in s.routes.sorted() where originRoutes[id] != nil {
            sent = sendOnRoute(id, message: message, now: now) || sent
        }
        if !sent {
            for path in freshPaths(for: s, count: config.session.targetRouteCount, now: now) {
                if let id = try? setUpRoute(path: path, message: message, owner: .session(s.handle), now: now) {
                    s.routes.insert(id)
                }
            }
        }
    }
}
