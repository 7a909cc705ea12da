import SkywireIO
import SkywireLink

/// The control socket's answers, built from the link layer's snapshot and the counters.
extension Agent {
    /// The reply to one control request (`nil`: not a request).
    func respond(_ request: ControlRequest?) -> String {
        guard let request else { return ControlRequest.unknownReply }
        let now = SystemClock.monotonicNanoseconds()
        switch request {
        case .status(let json):
            let report = statusReport(now: now)
            return json ? report.json.render() + "\n" : report.text
        case .neighbors(let json):
            let report = neighborsReport(now: now)
            return json ? report.json.render() + "\n" : report.text
        }
    }

    func statusReport(now: UInt64) -> StatusReport {
        let snapshot = links.snapshot(now: now)
        let allLinks = snapshot.flatMap(\.links)
        let c = links.counters
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
