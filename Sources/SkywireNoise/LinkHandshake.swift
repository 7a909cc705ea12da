import SkywireCrypto

/// Skywire's link handshake profile: Noise IK (`Noise_IK_secp256k1_ChaChaPoly_SHA256`, prologue
/// `skywire link v1`, BOLT 8 framing). The initiator knows the responder's node key and sends its
/// own in the first message, whose payload is `timestamp (12 bytes) ‖ application payload`; the
/// responder refuses an initiation that is not newer than the last one from that key
/// (`InitiationReplayGuard`), then answers with its own payload. One round trip.
public enum LinkHandshake {
    /// The Noise protocol name both sides hash first.
    public static let protocolName = "Noise_IK_secp256k1_ChaChaPoly_SHA256"
    /// The prologue both sides mix in.
    public static let prologue: [UInt8] = Array("skywire link v1".utf8)
}

/// Why a link handshake step failed.
public enum LinkHandshakeError: Error, Equatable, Sendable {
    /// The Noise layer refused the call or the message.
    case handshake(HandshakeError)
    /// The initiation's payload is shorter than its 12-byte timestamp.
    case initiationTooShort(got: Int)
    /// The timestamp's nanoseconds field is out of range.
    case malformedTimestamp
    /// The initiation is not newer than the last one accepted from this initiator: a replay.
    case replayedInitiation(last: InitiationTimestamp, got: InitiationTimestamp)
}

/// An authenticated initiation as the responder sees it.
public struct LinkInitiation: Sendable {
    /// The initiator's node key, proven by the handshake.
    public let initiatorStatic: PublicKey
    /// When the initiator says it sent this (its clock).
    public let timestamp: InitiationTimestamp
    /// The application payload after the timestamp (0-RTT: not forward secret, replayable by
    /// anyone who can bypass the replay guard, e.g. after a restart).
    public let payload: [UInt8]
}

/// The initiating side of a link handshake.
public final class LinkInitiator {
    private let handshake: HandshakeState

    /// - Parameters:
    ///   - localStatic: this node's key.
    ///   - remoteStatic: the responder's node key.
    ///   - ephemeral: a fixed ephemeral key for tests; random by default.
    public init(localStatic: PrivateKey, remoteStatic: PublicKey, ephemeral: PrivateKey? = nil) throws(LinkHandshakeError) {
        do {
            handshake = try HandshakeState(
                role: .initiator, pattern: .ik, protocolName: LinkHandshake.protocolName,
                prologue: LinkHandshake.prologue, localStatic: localStatic, remoteStatic: remoteStatic,
                ephemeral: ephemeral)
        } catch { throw .handshake(error) }
    }

    /// Where the handshake stands.
    public var progress: HandshakeProgress { handshake.progress }

    /// The first message: timestamp of `now` (nanoseconds since the Unix epoch) and `payload`.
    /// `now` must grow between initiations to the same responder or they will be refused.
    public func initiation(now: UInt64, payload: [UInt8] = []) throws(LinkHandshakeError) -> [UInt8] {
        do {
            return try handshake.writeMessage(payload: InitiationTimestamp(now: now).encoded + payload)
        } catch { throw .handshake(error) }
    }

    /// Reads the responder's answer; returns its payload and the transport keys.
    public func readResponse(_ message: [UInt8]) throws(LinkHandshakeError) -> (payload: [UInt8], keys: TransportKeys) {
        do {
            let payload = try handshake.readMessage(message)
            return (payload, try handshake.split())
        } catch { throw .handshake(error) }
    }

    /// Gives up, forgetting the ephemeral secret.
    public func abort() { handshake.abort() }
}

/// The responding side of a link handshake.
public final class LinkResponder {
    private let handshake: HandshakeState

    /// - Parameters:
    ///   - localStatic: this node's key (the one initiators know).
    ///   - ephemeral: a fixed ephemeral key for tests; random by default.
    public init(localStatic: PrivateKey, ephemeral: PrivateKey? = nil) throws(LinkHandshakeError) {
        do {
            handshake = try HandshakeState(
                role: .responder, pattern: .ik, protocolName: LinkHandshake.protocolName,
                prologue: LinkHandshake.prologue, localStatic: localStatic, remoteStatic: nil,
                ephemeral: ephemeral)
        } catch { throw .handshake(error) }
    }

    /// Where the handshake stands.
    public var progress: HandshakeProgress { handshake.progress }

    /// Reads and authenticates an initiation, then admits its timestamp into `replayGuard`.
    /// A replayed or malformed initiation fails this handshake and changes nothing in the guard.
    public func readInitiation(
        _ message: [UInt8], replayGuard: inout InitiationReplayGuard
    ) throws(LinkHandshakeError) -> LinkInitiation {
        let payload: [UInt8]
        do { payload = try handshake.readMessage(message) } catch { throw .handshake(error) }
        guard payload.count >= InitiationTimestamp.byteCount else {
            handshake.abort()
            throw .initiationTooShort(got: payload.count)
        }
        guard let timestamp = InitiationTimestamp(encoded: payload[0..<InitiationTimestamp.byteCount]) else {
            handshake.abort()
            throw .malformedTimestamp
        }
        guard let initiator = handshake.remoteStatic else {
            // IK's first message always carries the initiator's static key.
            handshake.abort()
            throw .handshake(.missingRemoteStatic)
        }
        do {
            try replayGuard.admit(timestamp, from: initiator)
        } catch {
            handshake.abort()
            switch error {
            case .notNewer(let last, let got): throw .replayedInitiation(last: last, got: got)
            }
        }
        return LinkInitiation(
            initiatorStatic: initiator, timestamp: timestamp,
            payload: Array(payload[InitiationTimestamp.byteCount...]))
    }

    /// The answer carrying `payload`, and the transport keys.
    public func response(payload: [UInt8] = []) throws(LinkHandshakeError) -> (message: [UInt8], keys: TransportKeys) {
        do {
            let message = try handshake.writeMessage(payload: payload)
            return (message, try handshake.split())
        } catch { throw .handshake(error) }
    }

    /// Refuses the initiator (e.g. not an allowed peer), forgetting the ephemeral secret.
    public func abort() { handshake.abort() }
}
