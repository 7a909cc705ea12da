import SkywireCrypto
import SkywireWire

/// What the destination of a route setup receives.
public struct LocalDelivery: Sendable {
    public let routeId: RouteId
    /// The origin's 0-RTT bytes (the end-to-end session's first message).
    public let payload: [UInt8]
    /// The destination's instruction TLVs (already validated).
    public let instructions: [UInt8]
    /// Where answers go on this route: the previous hop and the reverse label it chose.
    public let reverse: NeighbourLabel
    /// The secret shared with the origin (`BuiltRoute.routeSecret`).
    public let routeSecret: SymmetricKey
}

/// The result of processing one route setup frame at one hop.
public enum RouteSetupOutcome: Sendable {
    /// A relay: the route is installed; send `frame` (same size as the one received) to `to`.
    case forward(to: PublicKey, frame: [UInt8], routeId: RouteId)
    /// This node is the destination: the route is installed, the payload is here.
    case deliverLocally(LocalDelivery)
    /// Refused; nothing was installed or remembered. When `answer` is set the caller may send a
    /// `routeTeardown` (reason `setupRejected`) on it, back to the sender, so the origin learns.
    case reject(RouteSetupError, answer: NeighbourLabel?)
}

/// Processes route setups at one node (relay or destination), sans-IO.
///
/// For a frame from neighbour P with labels (L, R): `ss = ECDH(k, E)`; the MAC under
/// `mu = HMAC("skywire route mu", ss)` must match; `SHA-256(ss)[0..<16]` must not be in the replay
/// set; the routing info, extended with 1088 zero bytes, is XORed with the `rho` stream; the
/// first slot is this hop's payload and the next MAC, the following 1088 bytes are the next
/// routing info. A relay blinds `E' = SHA-256(E ‖ ss) · E`, installs (P, L) → (next, L') and
/// (next, R') → (P, R) with fresh labels L', R' of its own, and forwards `L' ‖ R' ‖ 0 ‖ E' ‖ info' ‖ MAC'`.
/// Nothing of the setup names the origin; only the last relay learns the destination (its
/// neighbour), and no hop learns its position or the path length.
public struct RouteSetupProcessor: Sendable {
    public struct Configuration: Sendable {
        /// Requested idle timeouts are clamped to this range (seconds).
        public var minIdleSeconds: UInt16
        public var maxIdleSeconds: UInt16
        public var replayCapacity: Int
        /// How long (ns) a processed setup's tag is kept.
        public var replayRetention: UInt64

        public init(minIdleSeconds: UInt16 = 5, maxIdleSeconds: UInt16 = 600, replayCapacity: Int = 65_536, replayRetention: UInt64 = 600_000_000_000) {
            self.minIdleSeconds = minIdleSeconds
            self.maxIdleSeconds = max(maxIdleSeconds, minIdleSeconds)
            self.replayCapacity = replayCapacity
            self.replayRetention = replayRetention
        }
    }

    private let key: PrivateKey
    public let configuration: Configuration
    public private(set) var replaySet: SetupReplaySet

    public init(key: PrivateKey, configuration: Configuration = Configuration()) {
        self.key = key
        self.configuration = configuration
        self.replaySet = SetupReplaySet(capacity: configuration.replayCapacity, retention: configuration.replayRetention)
    }

    /// This node's key.
    public var nodeKey: PublicKey { key.publicKey }

    /// Processes a `routeSetup` frame body that came from `previous` over an authenticated link.
    /// `isNeighbour` says whether a link to a node is up (the next hop must be one).
    public mutating func process(
        frame body: UnsafeRawBufferPointer, from previous: PublicKey, now: UInt64,
        table: inout ForwardingTable, isNeighbour: (PublicKey) -> Bool = { _ in true }
    ) -> RouteSetupOutcome {
        let frame: RouteSetupFrame
        do throws(RouteSetupError) {
            frame = try RouteSetupFrame.decode(body)
        } catch {
            return .reject(error, answer: nil)
        }
        let answer = NeighbourLabel(neighbour: previous, label: frame.reverseLabel)
        do throws(RouteSetupError) {
            return try process(frame, from: previous, now: now, table: &table, isNeighbour: isNeighbour)
        } catch {
            return .reject(error, answer: answer)
        }
    }

    public mutating func process(
        frame body: [UInt8], from previous: PublicKey, now: UInt64,
        table: inout ForwardingTable, isNeighbour: (PublicKey) -> Bool = { _ in true }
    ) -> RouteSetupOutcome {
        body.withUnsafeBytes { process(frame: $0, from: previous, now: now, table: &table, isNeighbour: isNeighbour) }
    }

    private mutating func process(
        _ frame: RouteSetupFrame, from previous: PublicKey, now: UInt64,
        table: inout ForwardingTable, isNeighbour: (PublicKey) -> Bool
    ) throws(RouteSetupError) -> RouteSetupOutcome {
        let size = RouteSetupLayout.routingInfoSize
        let macSize = RouteSetupLayout.macSize
        let onion = frame.onion
        let ephemeral: PublicKey
        do throws(CryptoError) {
            ephemeral = try PublicKey(compressed: Array(onion[1..<34]))
        } catch {
            throw .invalidEphemeralKey
        }
        let ss = key.sharedSecret(with: ephemeral)

        // Integrity first: a frame that is not for us, or was altered, leaves no trace.
        let mu = Sphinx.key(Sphinx.muType, from: ss)
        var expected = [UInt8](repeating: 0, count: macSize)
        let macMatches = onion.withUnsafeBytes { o in
            expected.withUnsafeMutableBytes { e in
                Sphinx.mac(key: mu, routingInfo: UnsafeRawBufferPointer(rebasing: o[34..<(34 + size)]),
                           version: RouteSetupLayout.version, into: e)
                return ConstantTime.equals(UnsafeRawBufferPointer(e), UnsafeRawBufferPointer(rebasing: o[(34 + size)...]))
            }
        }
        guard macMatches else { throw .badMAC }
        let tag = Sphinx.replayTag(ss: ss)
        guard !replaySet.contains(tag, now: now) else { throw .replayed }

        // Peel this hop's layer.
        var extended = Array(onion[34..<(34 + size)]) + [UInt8](repeating: 0, count: size)
        defer { ConstantTime.wipe(&extended) }
        extended.withUnsafeMutableBytes { Sphinx.xorStream(key: Sphinx.key(Sphinx.rhoType, from: ss), into: $0) }
        let length = Int(extended[0]) << 8 | Int(extended[1])
        let slot = 2 + length + macSize
        guard slot <= size else { throw .invalidHopPayload }
        let decoded: Result<HopPayload, RouteSetupError> = extended.withUnsafeBytes { e in
            Result { () throws(RouteSetupError) in try HopPayload.decode(UnsafeRawBufferPointer(rebasing: e[2..<(2 + length)])) }
        }
        let payload = try decoded.get()

        switch payload {
        case .relay(let next, let idleSeconds, _):
            guard next != key.publicKey, next != previous else { throw .nextHopLoops }
            guard isNeighbour(next) else { throw .nextHopUnreachable }
            var blinding = Sphinx.blindingFactor(ephemeral: ephemeral, ss: ss)
            defer { ConstantTime.wipe(&blinding) }
            let nextEphemeral: PublicKey
            do throws(CryptoError) {
                nextEphemeral = try ephemeral.multiplied(byTweak: blinding)
            } catch {
                throw .invalidEphemeralKey
            }
            let labels: AllocatedLabels
            do throws(ForwardingError) {
                labels = try table.installTransit(
                    previous: previous, incoming: (frame.forwardLabel, frame.reverseLabel), next: next,
                    idleTimeout: idleTimeout(idleSeconds), now: now)
            } catch {
                throw .forwarding(error)
            }
            replaySet.insert(tag, now: now)
            let nextOnion = [RouteSetupLayout.version] + nextEphemeral.compressed
                + extended[slot..<(slot + size)] + extended[(2 + length)..<slot]
            let out: [UInt8]
            do throws(WireError) {
                out = try RouteSetupFrame(forwardLabel: labels.forward, reverseLabel: labels.reverse, onion: nextOnion).encode()
            } catch {
                _ = table.remove(labels.routeId)
                throw .malformed(error)
            }
            return .forward(to: next, frame: out, routeId: labels.routeId)

        case .destination(let idleSeconds, let instructions, let bytes):
            let id: RouteId
            do throws(ForwardingError) {
                id = try table.installDestination(
                    previous: previous, incoming: (frame.forwardLabel, frame.reverseLabel),
                    idleTimeout: idleTimeout(idleSeconds), now: now)
            } catch {
                throw .forwarding(error)
            }
            replaySet.insert(tag, now: now)
            return .deliverLocally(LocalDelivery(
                routeId: id, payload: bytes, instructions: instructions,
                reverse: NeighbourLabel(neighbour: previous, label: frame.reverseLabel),
                routeSecret: Sphinx.key(Sphinx.secretType, from: ss)))
        }
    }

    /// Forgets replay tags past their retention (call now and then; inserts also do it).
    public mutating func expire(now: UInt64) { replaySet.expire(now: now) }

    private func idleTimeout(_ seconds: UInt16) -> UInt64 {
        UInt64(min(max(seconds, configuration.minIdleSeconds), configuration.maxIdleSeconds)) * 1_000_000_000
    }
}
