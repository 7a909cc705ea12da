import SkywireIO
import SkywireLink
import SkywireNode

/// The control socket's answers, built from the node's snapshots and the counters.
extension Agent {
    /// The answer to one control request (`nil`: not a request) on connection `token`: now, or
    /// (`ping`) when the pings are done.
    func respond(_ request: ControlRequest?, token: UInt64) -> ControlAnswer {
        guard let request else { return .reply(ControlRequest.unknownReply) }
        let now = SystemClock.monotonicNanoseconds()
        switch request {
        case .status(let json):
            let report = statusReport(now: now)
            return .reply(json ? report.json.render() + "\n" : report.text)
        case .neighbors(let json):
            let report = neighborsReport(now: now)
            return .reply(json ? report.json.render() + "\n" : report.text)
        case .routes(let json):
            let report = routesReport(now: now)
            return .reply(json ? report.json.render() + "\n" : report.text)
        case .ping(let destination, let count, let json):
            return pings.start(destination, count: count, json: json, token: token, node: node, now: now)
        }
    }

    func routesReport(now: UInt64) -> RoutesReport {
        RoutesReport(
            routes: node.routes(now: now).map { r in
                RouteReport(
                    id: AgentText.route(r.id), status: r.status.rawValue, peer: r.peer.map(AgentText.nodeAddress),
                    hops: r.hops, nextHop: AgentText.nodeAddress(r.neighbour), outLabel: r.outLabel.rawValue,
                    inLabel: r.inLabel?.rawValue, rttNanos: r.rttNanos, expectedLatencyMicros: r.expectedLatencyMicros,
                    reverseUsable: r.reverseUsable, session: r.session?.raw, ageNanos: r.ageNanos)
            },
            transitRoutes: node.transitRouteCount)
    }

    func statusReport(now: UInt64) -> StatusReport {
        let snapshot = links.snapshot(now: now)
        let allLinks = snapshot.flatMap(\.links)
        let c = links.counters
        let n = node.counters
        let counterList: [(name: String, value: UInt64)] = [
            ("datagrams_in", c.datagramsIn), ("bytes_in", c.bytesIn),
            ("datagrams_out", c.datagramsOut), ("bytes_out", c.bytesOut),
            ("beacons_sent", counters.beaconsSent), ("beacons_accepted", c.beaconsAccepted),
            ("beacons_ignored", counters.beaconsIgnored),
            ("initiations_sent", c.initiationsSent), ("responses_sent", c.responsesSent),
            ("handshakes_completed", c.handshakesCompleted), ("frames_delivered", c.framesDelivered),
            ("send_failures", c.sendFailures), ("drops_total", c.drops.total),
            ("truncated_in", counters.truncatedIn), ("send_errors", counters.sendErrors),
            ("send_dropped", counters.sendDropped), ("beacon_errors", counters.beaconErrors),
            ("control_requests", counters.controlRequests),
            ("records_published", n.recordsPublished), ("records_accepted", n.recordsAccepted),
            ("records_refused", n.recordsRefused), ("records_invalid", n.recordsInvalid),
            ("setups_originated", n.setupsOriginated), ("setups_forwarded", n.setupsForwarded),
            ("setups_delivered", n.setupsDelivered), ("setups_rejected", n.setupsRejected),
            ("route_data_forwarded", n.dataForwarded), ("route_data_delivered", n.dataDelivered),
            ("route_data_no_route", n.dataNoRoute), ("routing_send_failures", n.sendFailures),
            ("routing_frames_invalid", n.framesInvalid),
        ]
        return StatusReport(
            address: address, version: version,
            uptimeNanos: now >= startedAt ? now - startedAt : 0,
            port: port, ipv6: sockets.ipv6 != nil, discovery: config.discovery,
            discoveryInterfaces: beaconing.interfaces.map(\.name),
            neighborsUp: snapshot.filter(\.isUp).count, neighborsKnown: snapshot.count,
            linksUp: allLinks.filter { $0.state == .up }.count, linksKnown: allLinks.count,
            counters: counterList,
            drops: DropReason.allCases.map { ($0.description, c.drops[$0]) })
    }

    func neighborsReport(now: UInt64) -> NeighborsReport {
        NeighborsReport(neighbors: links.snapshot(now: now).map { neighbor in
            NeighborReport(
                address: AgentText.nodeAddress(neighbor.key), isUp: neighbor.isUp,
                links: neighbor.links.map { linkReport($0, now: now) })
        })
    }

    private func linkReport(_ link: LinkSnapshot, now: UInt64) -> LinkReport {
        LinkReport(
            interfaceName: beaconing.name(of: link.path.interface), interfaceIndex: link.path.interface,
            endpoint: PathConversion.text(link.path.endpoint), state: link.state.description,
            isStatic: link.isStatic, rttNanos: link.rttNanos, rttVarNanos: link.rttVarNanos,
            lossOut: link.lossOut, lossIn: link.lossIn,
            throughputOut: link.throughputOutBytesPerSec, throughputIn: link.throughputInBytesPerSec,
            lastHeardAgoNanos: link.lastHeardAgoNanos,
            packetsIn: link.packetsIn, packetsOut: link.packetsOut, bytesIn: link.bytesIn, bytesOut: link.bytesOut,
            handshakes: link.handshakes,
            sessionAgeNanos: link.establishedAt.map { now >= $0 ? now - $0 : 0 },
            upForNanos: link.upSince.map { now >= $0 ? now - $0 : 0 },
            failedAttempts: link.failedAttempts)
    }
}
