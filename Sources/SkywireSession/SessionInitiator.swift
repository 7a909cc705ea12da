public import SkywireCrypto
public import SkywireNoise

/// The client side of a session handshake.
///
/// One initiator makes one initiation. The responder refuses a repeated initiation (its replay
/// guard), so a client that got no answer retries with a fresh `SessionInitiator` (new
/// ephemeral key and timestamp), never by sending the same bytes again.
public final class SessionInitiator {
    private let handshake: HandshakeState
    private let localIndex: UInt32
    private let port: UInt16
    private let config: SessionConfig

    /// - Parameters:
    ///   - localStatic: the client's key (its node key, or a user key).
    ///   - serviceKey: the service's key (the Noise responder static).
    ///   - port: the service port, carried encrypted.
    ///   - localIndex: this side's receiver index (the session id the peer puts in its packets);
    ///     unique among the node's sessions, never 0.
    ///   - config: the session's tunables (its receive window goes into the hello).
    ///   - ephemeral: a fixed ephemeral key for tests; random by default.
    public init(
        localStatic: PrivateKey, serviceKey: PublicKey, port: UInt16, localIndex: UInt32,
        config: SessionConfig = .default, ephemeral: PrivateKey? = nil
    ) throws(SessionHandshakeError) {
        guard localIndex != 0 else { throw .zeroIndex }
        do {
            handshake = try HandshakeState(
                role: .initiator, pattern: .ik, protocolName: SessionHandshake.protocolName,
                prologue: SessionHandshake.prologue, localStatic: localStatic, remoteStatic: serviceKey,
                ephemeral: ephemeral)
        } catch { throw .handshake(error) }
        self.localIndex = localIndex
        self.port = port
        self.config = config
    }

    /// Where the handshake stands.
    public var progress: HandshakeProgress { handshake.progress }

    /// The first message (the whole session message, type `0x21`), carrying `payload` as 0-RTT
    /// data. `wallClock` is nanoseconds since the Unix epoch and must grow between the client's
    /// initiations, or the responder refuses them as replays. The 0-RTT payload is not forward
    /// secret and is protected against replay only by that timestamp rule.
    public func initiation(wallClock: UInt64, payload: [UInt8] = []) throws(SessionHandshakeError) -> [UInt8] {
        let hello = SessionHello(
            timestamp: InitiationTimestamp(now: wallClock), port: port, senderIndex: localIndex,
            window: UInt32(clamping: config.receiveBufferCapacity), payload: payload)
        let noise: [UInt8]
        do { noise = try handshake.writeMessage(payload: hello.encoded()) } catch {
            if case .payloadTooLarge(let maximum, _) = error {
                throw .payloadTooLarge(maximum: maximum - SessionHello.size, got: payload.count)
            }
            throw .handshake(error)
        }
        return SessionEnvelope.initiation(noise: noise)
    }

    /// Reads the answer. Returns the server's payload and the open session (no route yet:
    /// `addRoute` the routes to use). `now` is the monotonic clock the session runs on.
    public func readResponse(_ message: [UInt8], now: UInt64) throws(SessionHandshakeError) -> (payload: [UInt8], session: Session) {
        let parts: (receiverIndex: UInt32, noise: [UInt8])
        do { parts = try SessionEnvelope.parseResponse(message) } catch { throw .malformedEnvelope(error) }
        guard parts.receiverIndex == localIndex else { throw .wrongReceiverIndex(parts.receiverIndex) }
        let keys: TransportKeys
        let reply: SessionReply
        do {
            let plaintext = try handshake.readMessage(parts.noise)
            keys = try handshake.split()
            reply = try SessionReply.decode(plaintext)
        } catch let error as HandshakeError {
            throw .handshake(error)
        } catch let error as SessionHandshakeError {
            throw error
        } catch {
            throw .handshake(.authenticationFailed)
        }
        guard reply.status == SessionHandshake.statusAccepted else { throw .refused(status: reply.status) }
        let session = Session(
            keys: keys, localIndex: localIndex, remoteIndex: reply.senderIndex,
            peerWindow: UInt64(reply.window), now: now, config: config)
        return (reply.payload, session)
    }

    /// Gives up, forgetting the ephemeral secret.
    public func abort() { handshake.abort() }
}
