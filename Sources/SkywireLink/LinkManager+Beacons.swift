import SkywireCrypto
import SkywireWire

extension LinkManager {
    /// A signed beacon advertising `endpoints` (at most 8 are used) and this node's link port;
    /// the runtime sends it on each interface's broadcast/multicast address every
    /// `config.beaconInterval`. Its sequence is the wall clock in µs (or the last one + 1), so
    /// it grows across restarts.
    public func makeBeacon(linkPort: UInt16, endpoints: [WireEndpoint], capabilities: Beacon.Capabilities) -> [UInt8] {
        let micros = wallClock(at: lastNow) / 1_000
        lastBeaconSequence = max(micros, lastBeaconSequence &+ 1)
        let beacon = Beacon(
            nodeKey: localKey, sequence: lastBeaconSequence, capabilities: capabilities,
            linkPort: linkPort, endpoints: Array(endpoints.prefix(Beacon.maxEndpoints)))
        // Cannot fail: our own key, at most 8 endpoints.
        return (try? beacon.encodeSigned(with: identity)) ?? []
    }

    /// Key and sequence of a beacon, read without verifying (to refuse stale ones cheaply).
    private func peekBeacon(_ bytes: UnsafeRawBufferPointer) -> (key: PublicKey, sequence: UInt64)? {
        var reader = ByteReader(bytes)
        do throws(WireError) {
            _ = try reader.bytes(8)
            let key = try reader.publicKey()
            return (key, try reader.u64())
        } catch {
            return nil
        }
    }

    func receiveBeacon(_ bytes: UnsafeRawBufferPointer, from: PathAddress, now: UInt64) {
        guard let (peekedKey, peekedSequence) = peekBeacon(bytes) else {
            drop(.badBeacon)
            return
        }
        if peekedKey == localKey {
            drop(.ownMessage)
            return
        }
        let source = BeaconSource(key: peekedKey, interface: from.interface)
        if let last = beaconSequences[source], peekedSequence <= last {
            drop(.staleBeacon)
            return
        }
        let beacon: Beacon
        do throws(WireError) {
            beacon = try Beacon.decodeVerified(bytes)
        } catch {
            drop(.badBeacon)
            return
        }
        if beaconSequences[source] == nil && beaconSequences.count >= Self.beaconSourceCapacity {
            beaconSequences.remove(at: beaconSequences.startIndex)
        }
        beaconSequences[source] = beacon.sequence
        counters.beaconsAccepted &+= 1

        let target = PathAddress(interface: from.interface, endpoint: from.endpoint.withPort(beacon.linkPort))
        guard let link = findOrCreateLink(beacon.nodeKey, path: target, now: now),
              link.mayStartFromBeacon(now: now, config: config) else { return }
        link.path = target
        startInitiation(link, to: target, now: now)
    }
}
