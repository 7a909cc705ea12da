extension LinkManager {
    /// Everything `skywire neighbors` / `status` shows: every neighbour (sorted by key) with
    /// every link (sorted by interface, then endpoint).
    public func snapshot(now: UInt64) -> [NeighborSnapshot] {
        neighbors.values
            .map { neighbor in
                NeighborSnapshot(
                    key: neighbor.key, isUp: neighbor.isUp,
                    links: neighbor.links.map { snapshot(of: $0, now: now) }.sorted {
                        ($0.path.interface, $0.path.endpoint.text) < ($1.path.interface, $1.path.endpoint.text)
                    })
            }
            .sorted { $0.key < $1.key }
    }

    private func snapshot(of link: Link, now: UInt64) -> LinkSnapshot {
        let current = link.current
        return LinkSnapshot(
            path: link.path,
            state: link.state,
            isStatic: link.isStatic,
            rttNanos: link.rtt.smoothed,
            rttVarNanos: link.rtt.smoothed == nil ? nil : link.rtt.variation,
            lossOut: link.lossOut.value,
            lossIn: link.lossIn.value,
            throughputOutBytesPerSec: link.throughputOut,
            throughputInBytesPerSec: link.throughputIn,
            lastHeardAgoNanos: link.lastHeardAt.map { elapsed(now, since: $0) },
            packetsIn: link.packetsIn,
            packetsOut: link.packetsOut,
            bytesIn: link.bytesIn,
            bytesOut: link.bytesOut,
            sendEpoch: current?.transport.sendEpoch,
            receiveEpoch: current?.transport.receiveEpoch,
            establishedAt: current?.establishedAt,
            upSince: link.upSince,
            handshakes: link.handshakes,
            failedAttempts: link.attempts)
    }
}
