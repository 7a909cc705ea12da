import SkywireNode
import SkywireRouting

/// Text for the node's events and errors, as the log and the control socket print them.
extension AgentText {
    /// Why no route could be set up, one line.
    static func describe(_ failure: RouteFailure) -> String {
        switch failure {
        case .noPath(let error):
            switch error {
            case .unknownSource, .unknownDestination: "no path (destination not in the topology yet)"
            case .noPath: "no path (destination unreachable in the topology)"
            case .sameSourceAndDestination: "destination is this node"
            case .invalidParameters: "no path (invalid search)"
            }
        case .firstHopDown: "first hop has no working link"
        case .setup(let error): "route setup failed: \(error)"
        case .isSelf: "destination is this node"
        }
    }

    /// Why a route went down.
    static func describe(_ reason: RouteDownReason) -> String {
        switch reason {
        case .teardown(let why): "teardown (\(describe(why)))"
        case .linkLost: "link lost"
        case .idle: "idle"
        case .closed: "closed"
        }
    }

    static func describe(_ reason: TeardownReason) -> String {
        switch reason {
        case .closed: "closed"
        case .idle: "idle"
        case .unreachable: "unreachable"
        case .setupRejected: "setup rejected"
        case .tableFull: "table full"
        }
    }

    /// Milliseconds with three decimals: `1.234 ms`.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        fixed(Double(nanoseconds) / 1e6, digits: 3) + " ms"
    }

    /// A route id as logs and tables show it: `r` and 16 hex digits.
    static func route(_ id: RouteId) -> String {
        let hex = String(id.rawValue, radix: 16)
        return "r" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}

extension Agent {
    /// One log line per node event (neighbour and route changes, pings; record publications
    /// and per-route details at debug level).
    func log(_ event: NodeEvent) {
        switch event {
        case .neighborUp(let key):
            logger.info("neighbor \(AgentText.nodeAddress(key)) up")
        case .neighborDown(let key):
            logger.info("neighbor \(AgentText.nodeAddress(key)) down")
        case .recordPublished(let sequence, let links, let confirmed):
            logger.info("record published: sequence \(sequence), \(links) links (\(confirmed) confirmed)")
        case .routeUp(let id, let destination, let hops):
            logger.info("route up: \(AgentText.route(id)) to \(AgentText.shortNodeAddress(destination)), \(hops) hops")
        case .routeAnswered(let id, let rtt):
            logger.debug("route answered: \(AgentText.route(id)) rtt \(AgentText.milliseconds(rtt))")
        case .routeDown(let id, let reason):
            logger.info("route down: \(AgentText.route(id)) (\(AgentText.describe(reason)))")
        case .routeArrived(let id):
            logger.debug("route arrived: \(AgentText.route(id))")
        case .pingReply(let id, let from, let rtt, let hops):
            logger.info("ping reply: \(id) from \(AgentText.shortNodeAddress(from)), \(hops) hops, rtt \(AgentText.milliseconds(rtt))")
        case .pingTimeout(let id):
            logger.info("ping timeout: \(id)")
        case .pingAnswered(let id):
            logger.debug("ping answered on \(AgentText.route(id))")
        case .datagram(let id, let bytes, _):
            logger.debug("datagram on \(AgentText.route(id)): \(bytes.count) bytes (no consumer)")
        case .routeFailed(let destination, let failure):
            logger.info("route to \(AgentText.shortNodeAddress(destination)) failed: \(AgentText.describe(failure))")
        case .session(let handle, _):
            logger.debug("\(handle) event")
        }
    }
}
