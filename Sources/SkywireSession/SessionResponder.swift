public import SkywireCrypto
public import SkywireNoise

/// An authenticated session initiation as the server sees it.
public struct SessionInitiation: Sendable {
    /// The client's key (node or user key), proven by the handshake.
    public let clientKey: PublicKey
    /// The service key the client addressed (one of the responder's).
    public let serviceKey: PublicKey
    /// The service port the client asked for.
    public let port: UInt16
    /// The client's clock when it sent this.
    public let timestamp: InitiationTimestamp
    /// The 0-RTT payload (not forward secret; replay-protected only by the timestamp rule).
    public let payload: [UInt8]
    /// The client's session index (its receiver index).
    public let clientIndex: UInt32
}

/// The server side of a session handshake, for a node hosting one or more services.
///
/// The initiation does not say which service it is for (that would tell relays): the responder
/// tries each service key it holds; the first that authenticates the message wins. Each try
/// costs one ECDH, so keep the list to the services this node actually hosts.
public final class SessionResponder {
    private let serviceKeys: [PrivateKey]
    private let ephemeral: PrivateKey?
    private var handshake: HandshakeState?
    private var initiation: SessionInitiation?
    private var peerWindow: UInt32 = 0

    /// - Parameters:
    ///   - serviceKeys: the keys of the services hosted here.
    ///   - ephemeral: a fixed ephemeral key for tests; random by default.
    public init(serviceKeys: [PrivateKey], ephemeral: PrivateKey? = nil) {
        self.serviceKeys = serviceKeys
        self.ephemeral = ephemeral
    }

    /// Reads and authenticates an initiation (a whole session message of type `0x21`), then
    /// admits its timestamp into `replayGuard` (one guard per node, shared by its services).
    /// A replayed or malformed initiation changes nothing in the guard.
    public func readInitiation(
        _ message: [UInt8], replayGuard: inout InitiationReplayGuard
    ) throws(SessionHandshakeError) -> SessionInitiation {
        guard handshake == nil else { throw .handshake(.outOfTurn(.writeNext(messageIndex: 1))) }
        let noise: [UInt8]
        do { noise = try SessionEnvelope.parseInitiation(message) } catch { throw .malformedEnvelope(error) }
        var lastError = HandshakeError.authenticationFailed
        for serviceKey in serviceKeys {
            let state: HandshakeState
            let plaintext: [UInt8]
            do {
                state = try HandshakeState(
                    role: .responder, pattern: .ik, protocolName: SessionHandshake.protocolName,
                    prologue: SessionHandshake.prologue, localStatic: serviceKey, remoteStatic: nil,
                    ephemeral: ephemeral)
                plaintext = try state.readMessage(noise)
            } catch {
                lastError = error
                continue
            }
            guard let client = state.remoteStatic else {
                state.abort()
                throw .handshake(.missingRemoteStatic)
            }
            let hello: SessionHello
            do { hello = try SessionHello.decode(plaintext) } catch {
                state.abort()
                throw error
            }
            do {
                try replayGuard.admit(hello.timestamp, from: client)
            } catch {
                state.abort()
                switch error {
                case .notNewer(let last, let got): throw .replayedInitiation(last: last, got: got)
                }
            }
            let accepted = SessionInitiation(
                clientKey: client, serviceKey: serviceKey.publicKey, port: hello.port,
                timestamp: hello.timestamp, payload: hello.payload, clientIndex: hello.senderIndex)
            handshake = state
            initiation = accepted
            peerWindow = hello.window
            return accepted
        }
        throw .handshake(lastError)
    }

    /// Accepts: the answer (a whole session message of type `0x22`) carrying `reply`, and the
    /// open session. The session may send at once (0.5-RTT); routes the initiation came on are
    /// the owner's to `addRoute`, and routes the client's packets arrive on are learnt.
    public func accept(
        reply: [UInt8] = [], localIndex: UInt32, now: UInt64, config: SessionConfig = .default
    ) throws(SessionHandshakeError) -> (response: [UInt8], session: Session) {
        guard localIndex != 0 else { throw .zeroIndex }
        guard let handshake, let initiation else { throw .handshake(.outOfTurn(.readNext(messageIndex: 0))) }
        let message = SessionReply(
            status: SessionHandshake.statusAccepted, senderIndex: localIndex,
            window: UInt32(clamping: config.receiveBufferCapacity), payload: reply)
        let noise: [UInt8]
        let keys: TransportKeys
        do {
            noise = try handshake.writeMessage(payload: message.encoded())
            keys = try handshake.split()
        } catch { throw .handshake(error) }
        let session = Session(
            keys: keys, localIndex: localIndex, remoteIndex: initiation.clientIndex,
            peerWindow: UInt64(peerWindow), now: now, config: config)
        let response = SessionEnvelope.response(receiverIndex: initiation.clientIndex, noise: noise)
        return (response, session)
    }

    /// Refuses with an authenticated status (e.g. `SessionHandshake.statusNoSuchPort`): the
    /// answer to send; no session is made.
    public func refuse(status: UInt8) throws(SessionHandshakeError) -> [UInt8] {
        guard let handshake, let initiation else { throw .handshake(.outOfTurn(.readNext(messageIndex: 0))) }
        let refusal = status == SessionHandshake.statusAccepted ? SessionHandshake.statusRefused : status
        let message = SessionReply(status: refusal, senderIndex: 0, window: 0, payload: [])
        let noise: [UInt8]
        do { noise = try handshake.writeMessage(payload: message.encoded()) } catch { throw .handshake(error) }
        handshake.abort()
        return SessionEnvelope.response(receiverIndex: initiation.clientIndex, noise: noise)
    }
}
