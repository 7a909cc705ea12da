import SkywireCrypto
import SkywireLink
import SkywireRouting
import SkywireWire

extension SkywireNode {
    /// Every routing frame the link layer delivered, in the order received (a setup bundled
    /// before data of the same route is installed before the data is looked up).
    func handleDeliveredFrames(now: UInt64) {
        links.drainDelivered { neighbour, _, frame in
            guard frame.count >= 3 else {
                counters.framesInvalid &+= 1
                return
            }
            if capturesFrames { receivedFrames.append((neighbour, Array(frame))) }
            let body = UnsafeRawBufferPointer(rebasing: frame[3...])
            guard let type = RoutingFrameType(rawValue: frame[0]) else {
                counters.framesInvalid &+= 1
                return
            }
            switch type {
            case .linkState: receiveRecord(body, from: neighbour, now: now)
            case .routeSetup: receiveSetup(body, from: neighbour, now: now)
            case .routeData: receiveData(body, from: neighbour, now: now)
            case .routeTeardown: receiveTeardown(body, from: neighbour, now: now)
            }
        }
    }

    // MARK: Setup

    private func receiveSetup(_ body: UnsafeRawBufferPointer, from neighbour: PublicKey, now: UInt64) {
        let up = upNeighbours
        let outcome = processor.process(frame: body, from: neighbour, now: now, table: &table) { up.contains($0) }
        switch outcome {
        case .forward(let next, let frame, _):
            counters.setupsForwarded &+= 1
            bundler.append(to: next, type: RoutingFrameType.routeSetup.rawValue, body: frame)
        case .deliverLocally(let delivery):
            counters.setupsDelivered &+= 1
            var message: EndpointMessage?
            if !delivery.payload.isEmpty {
                let decoded: Result<EndpointMessage, EndpointPayloadError> = delivery.payload.withUnsafeBytes { raw in
                    Result { () throws(EndpointPayloadError) in try EndpointPayload.decode(raw) }
                }
                guard case .success(let m) = decoded else {
                    // Not ours to understand: refuse the route so it holds nothing.
                    counters.endpointInvalid &+= 1
                    if let removed = table.remove(delivery.routeId) { sendTeardowns(removed.notify, reason: .setupRejected) }
                    return
                }
                message = m
            }
            let answerByRoute = AnswerByRoute.find(in: delivery.instructions)
            endRoutes[delivery.routeId] = EndRoute(
                id: delivery.routeId, arrivedAt: now, reverseUsable: !answerByRoute.present, owner: .node, lastUsed: now)
            events.append(.routeArrived(delivery.routeId))
            if let message {
                let context = ArrivalContext(route: delivery.routeId, viaSetup: true, originKey: answerByRoute.origin)
                handleEndpointMessage(message, context: context, now: now)
            }
        case .reject(let error, let answer):
            counters.setupsRejected &+= 1
            if let answer { sendTeardowns([answer], reason: error.teardownReason) }
        }
    }

    // MARK: Data

    /// The relay data path: look up (neighbour, label), rewrite the label, bundle for the next
    /// link. At an end of the route the payload goes to the endpoint handler.
    private func receiveData(_ body: UnsafeRawBufferPointer, from neighbour: PublicKey, now: UInt64) {
        let label: RouteLabel
        let payload: UnsafeRawBufferPointer
        do throws(WireError) {
            (label, payload) = try RouteDataFrame.decode(body)
        } catch {
            counters.framesInvalid &+= 1
            return
        }
        guard let decision = table.lookup(from: neighbour, label: label, now: now) else {
            counters.dataNoRoute &+= 1
            return
        }
        switch decision {
        case .forward(let next, let nextLabel):
            counters.dataForwarded &+= 1
            bundler.append(to: next, type: RoutingFrameType.routeData.rawValue, bodyLength: body.count) { out in
                out.baseAddress!.copyMemory(from: body.baseAddress!, byteCount: body.count)
                out.storeBytes(of: nextLabel.rawValue.bigEndian, toByteOffset: 0, as: UInt32.self)
            }
        case .deliver(let id):
            counters.dataDelivered &+= 1
            let decoded: Result<EndpointMessage, EndpointPayloadError> = Result { () throws(EndpointPayloadError) in
                try EndpointPayload.decode(payload)
            }
            guard case .success(let message) = decoded else {
                counters.endpointInvalid &+= 1
                return
            }
            markAnswered(id, now: now)
            handleEndpointMessage(message, context: ArrivalContext(route: id, viaSetup: false, originKey: nil), now: now)
        }
    }

    /// The first packet back on a route this node set up: it is up, and its RTT is measured.
    private func markAnswered(_ id: RouteId, now: UInt64) {
        guard var route = originRoutes[id] else {
            endRoutes[id]?.lastUsed = now
            return
        }
        route.lastUsed = now
        if route.answeredAt == nil {
            route.answeredAt = now
            let rtt = now &- route.startedAt
            route.rtt = rtt
            events.append(.routeAnswered(id, rtt: rtt))
        }
        originRoutes[id] = route
    }

    /// Sends an endpoint message (kind ‖ body) on a route that starts or ends here, towards its
    /// other end.
    @discardableResult
    func sendOnRoute(_ id: RouteId, message: [UInt8], now: UInt64) -> Bool {
        message.withUnsafeBytes { sendOnRoute(id, message: $0, now: now) }
    }

    @discardableResult
    func sendOnRoute(_ id: RouteId, message body: UnsafeRawBufferPointer, now: UInt64) -> Bool {
        guard let out = table.outbound(of: id), table.touch(id, now: now) else { return false }
        let length = RouteDataFrame.headerSize + body.count
        originRoutes[id]?.lastUsed = now
        endRoutes[id]?.lastUsed = now
        return bundler.append(to: out.neighbour, type: RoutingFrameType.routeData.rawValue, bodyLength: length) { buffer in
            buffer.storeBytes(of: out.label.rawValue.bigEndian, toByteOffset: 0, as: UInt32.self)
            if body.count > 0 { (buffer.baseAddress! + 4).copyMemory(from: body.baseAddress!, byteCount: body.count) }
        }
    }

    // MARK: Teardown and loss

    private func receiveTeardown(_ body: UnsafeRawBufferPointer, from neighbour: PublicKey, now: UInt64) {
        let frame: RouteTeardownFrame
        do throws(WireError) {
            frame = try RouteTeardownFrame.decode(body)
        } catch {
            counters.framesInvalid &+= 1
            return
        }
        guard let result = table.teardown(from: neighbour, label: frame.label) else { return }
        let id = result.routeId, next = result.continueTo
        counters.teardownsIn &+= 1
        if let next {
            bundler.append(
                to: next.neighbour, type: RoutingFrameType.routeTeardown.rawValue,
                body: RouteTeardownFrame(label: next.label, reason: frame.reason).encode())
        }
        routeGone(id, reason: .teardown(frame.reason), now: now)
    }

    /// Sends a teardown on each (neighbour, label).
    func sendTeardowns(_ targets: [NeighbourLabel], reason: TeardownReason) {
        for t in targets where upNeighbours.contains(t.neighbour) {
            counters.teardownsSent &+= 1
            bundler.append(
                to: t.neighbour, type: RoutingFrameType.routeTeardown.rawValue,
                body: RouteTeardownFrame(label: t.label, reason: reason).encode())
        }
    }

    /// The last link to `neighbour` is gone: every route through it goes, the other hops of
    /// each are told (reason: unreachable).
    func linkLost(to neighbour: PublicKey, now: UInt64) {
        for removed in table.removeRoutes(via: neighbour) {
            sendTeardowns(removed.notify, reason: .unreachable)
            routeGone(removed.routeId, reason: .linkLost, now: now)
        }
    }

    /// Routes idle past their timeout, and their other hops told. Routes the table dropped on
    /// its own (a lookup or send found them idle) are forgotten here too.
    func expireRoutes(now: UInt64) {
        for removed in table.expire(now: now) {
            sendTeardowns(removed.notify, reason: .idle)
            routeGone(removed.routeId, reason: .idle, now: now)
        }
        let stale = (Array(originRoutes.keys) + Array(endRoutes.keys)).filter { table.role(of: $0) == nil }
        for id in stale.sorted() { routeGone(id, reason: .idle, now: now) }
    }

    /// Closes a route that starts or ends here: removed, and a teardown (closed) sent along it.
    public func closeRoute(_ id: RouteId, now: UInt64) {
        advance(now)
        if let removed = table.remove(id) {
            sendTeardowns(removed.notify, reason: .closed)
            routeGone(id, reason: .closed, now: now)
        }
    }

    /// Bookkeeping after a route that started or ended here left the table.
    func routeGone(_ id: RouteId, reason: RouteDownReason, now: UInt64) {
        let origin = originRoutes.removeValue(forKey: id)
        let end = endRoutes.removeValue(forKey: id)
        guard let owner = origin?.owner ?? end?.owner else { return }
        events.append(.routeDown(id, reason: reason))
        switch owner {
        case .node: break
        case .session(let handle): sessionRouteGone(handle, route: id, path: origin?.path, now: now)
        }
    }
}

/// Where an endpoint message came from.
struct ArrivalContext {
    var route: RouteId
    /// It rode in the route setup's 0-RTT payload.
    var viaSetup: Bool
    /// The origin's key, when the setup carried it (answer on a route of our own).
    var originKey: PublicKey?
}
