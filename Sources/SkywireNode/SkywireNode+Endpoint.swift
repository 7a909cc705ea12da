import SkywireCrypto
import SkywireRouting

/// A ping waiting for its answer.
struct PendingPing {
    let id: PingID
    let destination: PublicKey
    let route: RouteId
    let sentAt: UInt64
    let hops: Int
    let deadline: UInt64
}

extension SkywireNode {
    // MARK: The echo service

    /// Pings `destination`: on a route already set up to it whose answers can come back on it,
    /// else on a new route (the request rides in the setup: one round trip in all). `path`
    /// forces a new route over those hops. The answer is `NodeEvent.pingReply` (RTT, hops) or
    /// `pingTimeout`.
    @discardableResult
    public func ping(_ destination: PublicKey, path: [PublicKey]? = nil, now: UInt64) throws(RouteFailure) -> PingID {
        advance(now)
        let id = PingID(raw: SecureRandom.uint64())
        let message = EndpointPayload.encode(.ping, Self.bytes(of: id.raw))
        let route: RouteId
        if path == nil, let existing = existingRoute(to: destination, owner: .node, needsReverse: true),
           sendOnRoute(existing, message: message, now: now) {
            route = existing
        } else {
            let hops: [PublicKey]
            if let path { hops = path } else { hops = try paths(to: destination, now: now)[0].hops }
            route = try setUpRoute(path: hops, message: message, owner: .node, now: now)
        }
        pings[id] = PendingPing(
            id: id, destination: destination, route: route, sentAt: now,
            hops: originRoutes[route]?.path.count ?? 0, deadline: now &+ config.pingTimeout)
        return id
    }

    func tickPings(now: UInt64) {
        guard !pings.isEmpty else { return }
        for (id, ping) in pings where now >= ping.deadline {
            pings[id] = nil
            events.append(.pingTimeout(id))
        }
    }

    // MARK: Endpoint messages

    /// A message that arrived at an end of a route (in a setup or in route data).
    func handleEndpointMessage(_ message: EndpointMessage, context: ArrivalContext, now: UInt64) {
        switch message.kind {
        case .ping:
            guard message.body.count == 8 else { counters.endpointInvalid &+= 1; return }
            answer(EndpointPayload.encode(.pong, Array(message.body)), context: context, now: now)
            events.append(.pingAnswered(context.route))
        case .pong:
            guard message.body.count == 8 else { counters.endpointInvalid &+= 1; return }
            let id = PingID(raw: message.body.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            guard let ping = pings.removeValue(forKey: id) else { return }
            events.append(.pingReply(id, from: ping.destination, rtt: now &- ping.sentAt, hops: ping.hops))
        case .datagram:
            events.append(.datagram(context.route, Array(message.body), viaSetup: context.viaSetup))
        case .sessionInitiation, .sessionResponse, .sessionTransport:
            receiveSessionPacket(message.bytes, context: context, now: now)
        }
    }

    /// Answers node-level traffic: back on the same route when it works that way (this node set
    /// it up, or its setup said every link works backwards), else on a route of our own to the
    /// origin when the setup named it. Otherwise the answer is impossible and dropped.
    private func answer(_ message: [UInt8], context: ArrivalContext, now: UInt64) {
        if originRoutes[context.route] != nil || endRoutes[context.route]?.reverseUsable == true {
            sendOnRoute(context.route, message: message, now: now)
            return
        }
        guard let origin = context.originKey else { return }
        if let own = existingRoute(to: origin, owner: .node, needsReverse: false),
           sendOnRoute(own, message: message, now: now) {
            return
        }
        do throws(RouteFailure) {
            let path = try paths(to: origin, now: now)[0].hops
            _ = try setUpRoute(path: path, message: message, owner: .node, now: now)
        } catch {
            events.append(.routeFailed(destination: origin, error))
        }
    }

    static func bytes(of value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }
}
