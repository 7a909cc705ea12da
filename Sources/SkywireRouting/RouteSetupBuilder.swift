import SkywireCrypto
import SkywireWire

/// A route the origin has set up: send `frame` (a `routeSetup` frame body) to `firstHop`; data
/// can follow right behind it on `labels.forward`.
public struct BuiltRoute: Sendable {
    public let routeId: RouteId
    public let firstHop: PublicKey
    public let labels: AllocatedLabels
    public let frame: [UInt8]
    /// `HMAC-SHA256("skywire route secret", ss_destination)`: known only to the origin and the
    /// destination (which gets it in `LocalDelivery`). It does not authenticate the origin.
    public let routeSecret: SymmetricKey
}

/// Builds the one-pass onion route setup at the origin (Sphinx, after BOLT 4; docs/protocol.md §7.5).
///
/// For the path [h1 … hn] with a fresh session key e1: `ss_i = ECDH(e_i, H_i)`,
/// `b_i = SHA-256(E_i ‖ ss_i)`, `e_{i+1} = b_i · e_i`. The routing info is wrapped from the
/// destination outwards: shift right by the hop's slot, put `length ‖ payload ‖ next MAC` in
/// front, XOR with the hop's rho stream, and (at the destination's layer) overwrite the tail with
/// the filler that the earlier hops' shifts will produce, so every MAC verifies and every hop sees
/// 1088 bytes of routing info whatever its position.
public enum RouteSetupBuilder {
    /// Builds the setup for `path` (the hops after this node, the destination last), installs the
    /// origin's entry in `table` and returns the frame for the first hop.
    /// - Parameters:
    ///   - payload: the destination's 0-RTT bytes (`RouteSetupLayout.maxPayloadSize(hops:)` at most).
    ///   - idleTimeoutSeconds: asked of every hop (each clamps it to its own bounds).
    ///   - instructions: per-hop instruction TLVs, one entry per hop or empty for none.
    public static func build(
        path: [PublicKey], payload: [UInt8], idleTimeoutSeconds: UInt16, instructions: [[UInt8]] = [],
        table: inout ForwardingTable, now: UInt64
    ) throws(RouteSetupError) -> BuiltRoute {
        guard !path.isEmpty else { throw .emptyPath }
        guard path.count <= RouteSetupLayout.maxHops else { throw .tooManyHops(path.count) }
        guard Set(path).count == path.count else { throw .repeatedHop }
        guard instructions.isEmpty || instructions.count == path.count,
              instructions.allSatisfy({ $0.count <= RouteSetupLayout.maxInstructionBytes })
        else { throw .invalidHopPayload }
        func instructionsFor(_ i: Int) -> [UInt8] { instructions.isEmpty ? [] : instructions[i] }
        var payloads: [HopPayload] = []
        for i in 0..<path.count - 1 {
            payloads.append(.relay(next: path[i + 1], idleTimeoutSeconds: idleTimeoutSeconds, instructions: instructionsFor(i)))
        }
        payloads.append(.destination(idleTimeoutSeconds: idleTimeoutSeconds, instructions: instructionsFor(path.count - 1), payload: payload))

        let (onion, lastSecret) = try makeOnion(path: path, payloads: payloads, sessionKey: PrivateKey.generate())
        let labels: AllocatedLabels
        do throws(ForwardingError) {
            labels = try table.installOrigin(firstHop: path[0], idleTimeout: UInt64(idleTimeoutSeconds) * 1_000_000_000, now: now)
        } catch {
            throw .forwarding(error)
        }
        let frame: [UInt8]
        do throws(WireError) {
            frame = try RouteSetupFrame(forwardLabel: labels.forward, reverseLabel: labels.reverse, onion: onion).encode()
        } catch {
            _ = table.remove(labels.routeId)
            throw .malformed(error)
        }
        return BuiltRoute(
            routeId: labels.routeId, firstHop: path[0], labels: labels, frame: frame,
            routeSecret: Sphinx.key(Sphinx.secretType, from: lastSecret))
    }

    /// The onion (`version ‖ E1 ‖ routing info ‖ MAC`) and the destination's shared secret.
    static func makeOnion(path: [PublicKey], payloads: [HopPayload], sessionKey: PrivateKey) throws(RouteSetupError) -> (onion: [UInt8], lastSecret: SymmetricKey) {
        let n = path.count
        let size = RouteSetupLayout.routingInfoSize
        let macSize = RouteSetupLayout.macSize

        // Per-hop shared secrets along the blinded ephemeral keys.
        var secrets: [SymmetricKey] = []
        var ephemeral = sessionKey
        let firstEphemeral = sessionKey.publicKey
        for i in 0..<n {
            let ss = ephemeral.sharedSecret(with: path[i])
            secrets.append(ss)
            if i < n - 1 {
                var blinding = Sphinx.blindingFactor(ephemeral: ephemeral.publicKey, ss: ss)
                defer { ConstantTime.wipe(&blinding) }
                do throws(CryptoError) {
                    ephemeral = try ephemeral.multiplied(byTweak: blinding)
                } catch {
                    throw .invalidEphemeralKey
                }
            }
        }
        let rho = secrets.map { Sphinx.key(Sphinx.rhoType, from: $0) }
        let mu = secrets.map { Sphinx.key(Sphinx.muType, from: $0) }

        // Each hop's slot without its MAC: length (2) ‖ payload.
        var slots: [[UInt8]] = []
        for p in payloads {
            do throws(WireError) {
                slots.append(try ByteWriter.encode(capacity: 2 + p.encodedSize) { (w) throws(WireError) in
                    try w.u16(UInt16(p.encodedSize))
                    try p.encode(into: &w)
                })
            } catch {
                throw .malformed(error)
            }
        }
        let slotSizes = slots.map { $0.count + macSize }
        let total = slotSizes.reduce(0, +)
        guard total <= size else {
            let payloadCount: Int
            switch payloads[n - 1] {
            case .destination(_, _, let payload): payloadCount = payload.count
            case .relay: payloadCount = 0
            }
            throw .payloadTooLarge(maxPayload: max(0, payloadCount - (total - size)))
        }

        // The filler: what the shifts of hops 1…n-1 append, as the destination's layer will see it.
        var filler: [UInt8] = []
        for i in 0..<(n - 1) {
            filler += [UInt8](repeating: 0, count: slotSizes[i])
            var stream = [UInt8](repeating: 0, count: size + slotSizes[i])
            stream.withUnsafeMutableBytes { Sphinx.xorStream(key: rho[i], into: $0) }
            let start = size - (filler.count - slotSizes[i])
            for j in filler.indices { filler[j] ^= stream[start + j] }
            ConstantTime.wipe(&stream)
        }

        // Wrap from the destination outwards.
        var info = SecureRandom.bytes(size)
        var nextMAC = [UInt8](repeating: 0, count: macSize)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var layer = slots[i] + nextMAC + info[0..<(size - slotSizes[i])]
            layer.withUnsafeMutableBytes { Sphinx.xorStream(key: rho[i], into: $0) }
            if i == n - 1 { layer.replaceSubrange((size - filler.count)..<size, with: filler) }
            layer.withUnsafeBytes { l in
                nextMAC.withUnsafeMutableBytes { Sphinx.mac(key: mu[i], routingInfo: l, version: RouteSetupLayout.version, into: $0) }
            }
            info = layer
        }
        let onion = [RouteSetupLayout.version] + firstEphemeral.compressed + info + nextMAC
        return (onion, secrets[n - 1])
    }
}
