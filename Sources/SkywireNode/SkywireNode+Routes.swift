import SkywireCrypto
import SkywireLink
import SkywireRouting
import SkywireSession

extension SkywireNode {
    // MARK: Finding paths

    /// Up to `count` paths from this node to `destination` over the current graph, cheapest
    /// first (one-way edges are followed in their direction only).
    public func paths(to destination: PublicKey, count: Int = 1, now: UInt64) throws(RouteFailure) -> [SkywireRouting.RoutePath] {
        guard destination != localKey else { throw .isSelf }
        let finder = RouteFinder(graph: graph(now: now), cost: config.routeCost, maxHops: config.maxHops)
        do throws(RouteFinderError) {
            return try finder.paths(from: localKey, to: destination, count: count)
        } catch {
            throw .noPath(error)
        }
    }

    // MARK: Opening routes

    /// Sets up a route to `destination` on the cheapest path, with `datagram` in the setup's
    /// 0-RTT payload (it arrives with the setup: no round trip first). Data sent on the returned
    /// route in the same call rides in the same link packet as the setup when it fits.
    @discardableResult
    public func openRoute(to destination: PublicKey, datagram: [UInt8], now: UInt64) throws(RouteFailure) -> RouteId {
        advance(now)
        let path = try paths(to: destination, now: now)[0].hops
        return try setUpRoute(path: path, message: EndpointPayload.encode(.datagram, datagram), owner: .node, now: now)
    }

    /// The same over an explicit path (the hops after this node, the destination last).
    @discardableResult
    public func openRoute(path: [PublicKey], datagram: [UInt8], now: UInt64) throws(RouteFailure) -> RouteId {
        advance(now)
        return try setUpRoute(path: path, message: EndpointPayload.encode(.datagram, datagram), owner: .node, now: now)
    }

    /// Sends an application datagram on a route that starts or ends here. False when the route
    /// is gone or the datagram does not fit a link packet.
    @discardableResult
    public func sendDatagram(_ bytes: [UInt8], on route: RouteId, now: UInt64) -> Bool {
        advance(now)
        return sendOnRoute(route, message: EndpointPayload.encode(.datagram, bytes), now: now)
    }

    /// Builds the onion for `path`, installs the origin's entry and queues the setup frame for
    /// the first hop, with `message` (kind ‖ body, or empty) as the destination's 0-RTT payload.
    /// When the graph says the path does not work backwards, the destination's instructions tell
    /// it to answer on a route of its own (with this node's key for node-level traffic).
    func setUpRoute(path: [PublicKey], message: [UInt8], owner: RouteOwner, now: UInt64) throws(RouteFailure) -> RouteId {
        guard let first = path.first, let destination = path.last else { throw .noPath(.invalidParameters) }
        guard destination != localKey else { throw .isSelf }
        guard upNeighbours.contains(first) else { throw .firstHopDown }
        let g = graph(now: now)
        let reverse = g.supportsReverse(from: localKey, path: path)
        // Sessions reveal their initiator to the responder themselves; node traffic says who it
        // is only when the answer cannot come back on the reverse labels.
        var instructions: [[UInt8]] = []
        if !reverse {
            instructions = Array(repeating: [], count: path.count - 1)
            instructions.append(AnswerByRoute.encode(origin: owner == .node ? localKey : nil))
        }
        let built: BuiltRoute
        do throws(RouteSetupError) {
            built = try RouteSetupBuilder.build(
                path: path, payload: message, idleTimeoutSeconds: config.routeIdleSeconds, instructions: instructions,
                table: &table, now: now)
        } catch {
            throw .setup(error)
        }
        var latency: UInt64 = 0
        var previous = localKey
        for hop in path {
            latency += UInt64(g.metrics(from: previous, to: hop)?.latencyMicros ?? 0)
            previous = hop
        }
        counters.setupsOriginated &+= 1
        bundler.append(to: built.firstHop, type: RoutingFrameType.routeSetup.rawValue, body: built.frame)
        originRoutes[built.routeId] = OriginRoute(
            id: built.routeId, destination: destination, path: path, labels: built.labels, reverseUsable: reverse,
            startedAt: now, latencyMicros: latency, owner: owner, lastUsed: now)
        events.append(.routeUp(built.routeId, destination: destination, hops: path.count))
        return built.routeId
    }

    /// A route this node set up to `destination` for `owner` that the answer can come back on
    /// (most recent first), if any.
    func existingRoute(to destination: PublicKey, owner: RouteOwner, needsReverse: Bool) -> RouteId? {
        originRoutes.values
            .filter { $0.destination == destination && $0.owner == owner && (!needsReverse || $0.reverseUsable) }
            .max { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }?.id
    }

    // MARK: Snapshot

    /// Every route that starts or ends here (for `skywire routes`), routes set up here first,
    /// each group by id. A session's route shows the session's own RTT estimate for it (the
    /// answers to what it sends may come back on another route); a node route its first answer's
    /// round trip. Transit routes are counted in `transitRouteCount`.
    public func routes(now: UInt64) -> [RouteSnapshot] {
        var sessionRTT: [RouteId: UInt64] = [:]
        for s in sessions.byHandle.values {
            for r in s.session?.stats.routes ?? [] where r.isLive {
                if let rtt = r.smoothedRTT { sessionRTT[RouteId(rawValue: r.route.raw)] = rtt }
            }
        }
        var out: [RouteSnapshot] = []
        for r in originRoutes.values.sorted(by: { $0.id < $1.id }) {
            guard let outbound = table.outbound(of: r.id) else { continue }
            let rtt = r.owner.session == nil ? r.rtt : sessionRTT[r.id]
            out.append(RouteSnapshot(
                id: r.id, status: rtt == nil ? .settingUp : .up, peer: r.destination, hops: r.path.count,
                neighbour: outbound.neighbour, outLabel: outbound.label, inLabel: r.labels.reverse, rttNanos: rtt,
                expectedLatencyMicros: r.latencyMicros, reverseUsable: r.reverseUsable, session: r.owner.session,
                ageNanos: now &- r.startedAt))
        }
        for r in endRoutes.values.sorted(by: { $0.id < $1.id }) {
            guard let outbound = table.outbound(of: r.id) else { continue }
            out.append(RouteSnapshot(
                id: r.id, status: .incoming, peer: r.owner.session.flatMap { sessions.peer(of: $0) }, hops: nil,
                neighbour: outbound.neighbour, outLabel: outbound.label, inLabel: nil, rttNanos: sessionRTT[r.id],
                expectedLatencyMicros: nil, reverseUsable: r.reverseUsable, session: r.owner.session,
                ageNanos: now &- r.arrivedAt))
        }
        return out
    }

    /// Routes through this node (it relays them; it knows only their two neighbours).
    public var transitRouteCount: Int { table.routeCount - originRoutes.count - endRoutes.count }
}

extension RouteOwner {
    var session: SessionHandle? {
        switch self {
        case .node: return nil
        case .session(let h): return h
        }
    }
}
