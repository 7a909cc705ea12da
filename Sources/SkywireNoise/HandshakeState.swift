import SkywireCrypto

/// Noise `HandshakeState` (spec rev 34, §5.3) over secp256k1 / ChaChaPoly / SHA-256, driven by a
/// `HandshakePattern`, with each message framed as a BOLT 8 act: `version (0) ‖ Noise message`.
///
/// Sans-IO: `writeMessage` returns the bytes to send, `readMessage` takes the bytes received.
/// `progress` says which of the two is valid next; any other call is `.outOfTurn`. A refused
/// message fails the handshake for good (`progress == .failed`) and forgets every secret.
///
/// A class, not a struct: a copy of a handshake in progress would reuse its ephemeral key and
/// nonces. Not thread-safe; one owner drives it.
public final class HandshakeState {
    /// The version byte in front of every handshake message (BOLT 8 "handshake version").
    public static let frameVersion: UInt8 = 0
    /// Noise's maximum message length, not counting the version byte.
    public static let maximumMessageLength = 65535

    /// The side this state plays.
    public let role: HandshakeRole
    /// The pattern being run.
    public let pattern: HandshakePattern
    /// Which call is valid next.
    public private(set) var progress: HandshakeProgress

    private var symmetric: SymmetricState
    private var localStatic: PrivateKey?
    private var localEphemeral: PrivateKey?
    /// The ephemeral key to use instead of a random one (tests only); consumed by the `e` token.
    private var injectedEphemeral: PrivateKey?
    /// The peer's static key: given up front (pre-message) or learnt from an `s` token.
    public private(set) var remoteStatic: PublicKey?
    /// The peer's ephemeral key, once read.
    public private(set) var remoteEphemeral: PublicKey?
    private var result: TransportKeys?

    /// Starts a handshake (`Initialize`).
    ///
    /// - Parameters:
    ///   - role: initiator or responder.
    ///   - pattern: `.xk` or `.ik`.
    ///   - protocolName: the full Noise protocol name, e.g. `Noise_XK_secp256k1_ChaChaPoly_SHA256`;
    ///     both sides must use the same one.
    ///   - prologue: bytes both sides must agree on (BOLT 8: "lightning"); mixed into `h`.
    ///   - localStatic: this side's static key pair, if the pattern uses one.
    ///   - remoteStatic: the peer's static key, exactly when the pattern's pre-message has it.
    ///   - ephemeral: a fixed ephemeral key for test vectors; `nil` (the default) draws a fresh one.
    public init(
        role: HandshakeRole, pattern: HandshakePattern, protocolName: [UInt8], prologue: [UInt8],
        localStatic: PrivateKey?, remoteStatic: PublicKey?, ephemeral: PrivateKey? = nil
    ) throws(HandshakeError) {
        if pattern.needsLocalStatic(role), localStatic == nil { throw .missingLocalStatic }
        let remoteUpFront = pattern.needsRemoteStaticUpFront(role)
        if remoteUpFront, remoteStatic == nil { throw .missingRemoteStatic }
        if !remoteUpFront, remoteStatic != nil { throw .unexpectedRemoteStatic }

        self.role = role
        self.pattern = pattern
        self.localStatic = localStatic
        self.remoteStatic = remoteStatic
        self.injectedEphemeral = ephemeral
        progress = role.writes(messageIndex: 0) ? .writeNext(messageIndex: 0) : .readNext(messageIndex: 0)

        symmetric = SymmetricState(protocolName: protocolName)
        symmetric.mixHash(prologue)
        // Pre-messages: initiator's first, then responder's; only `s` is allowed in them.
        for preRole in [HandshakeRole.initiator, .responder] {
            for token in pattern.preMessage(of: preRole) where token == .s {
                let key = preRole == role ? localStatic?.publicKey : remoteStatic
                if let key { symmetric.mixHash(key.compressed) }
            }
        }
    }

    /// Convenience: the protocol name as a string.
    public convenience init(
        role: HandshakeRole, pattern: HandshakePattern, protocolName: String, prologue: [UInt8],
        localStatic: PrivateKey?, remoteStatic: PublicKey?, ephemeral: PrivateKey? = nil
    ) throws(HandshakeError) {
        try self.init(role: role, pattern: pattern, protocolName: Array(protocolName.utf8), prologue: prologue,
                      localStatic: localStatic, remoteStatic: remoteStatic, ephemeral: ephemeral)
    }

    /// The handshake hash `h` so far (final once `progress == .complete`).
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    // MARK: Writing

    /// `WriteMessage(payload)`: the next message, framed as `version ‖ body`.
    public func writeMessage(payload: [UInt8] = []) throws(HandshakeError) -> [UInt8] {
        guard case .writeNext(let index) = progress else { throw .outOfTurn(progress) }
        let tokens = pattern.messages[index]
        let fixed = HandshakePattern.fixedLength(of: tokens, startingWithKey: symmetric.hasKey).length
        guard fixed + payload.count <= Self.maximumMessageLength else {
            throw .payloadTooLarge(maximum: Self.maximumMessageLength - fixed, got: payload.count)
        }
        var frame: [UInt8] = [Self.frameVersion]
        frame.reserveCapacity(1 + fixed + payload.count)
        do throws(HandshakeError) {
            for token in tokens {
                switch token {
                case .e:
                    let ephemeral = injectedEphemeral ?? PrivateKey.generate()
                    injectedEphemeral = nil
                    localEphemeral = ephemeral
                    let publicBytes = ephemeral.publicKey.compressed
                    frame += publicBytes
                    symmetric.mixHash(publicBytes)
                case .s:
                    guard let localStatic else { throw .missingLocalStatic }
                    frame += try symmetric.encryptAndHash(localStatic.publicKey.compressed)
                case .ee, .es, .se, .ss:
                    try mixDH(token)
                }
            }
            frame += try symmetric.encryptAndHash(payload)
        } catch {
            fail()
            throw error
        }
        advance(after: index)
        return frame
    }

    // MARK: Reading

    /// `ReadMessage(message)`: checks and consumes the peer's next message; returns its payload.
    public func readMessage(_ frame: [UInt8]) throws(HandshakeError) -> [UInt8] {
        guard case .readNext(let index) = progress else { throw .outOfTurn(progress) }
        do {
            let payload = try consume(frame, tokens: pattern.messages[index])
            advance(after: index)
            return payload
        } catch {
            fail()
            throw error
        }
    }

    private func consume(_ frame: [UInt8], tokens: [NoiseToken]) throws(HandshakeError) -> [UInt8] {
        let fixed = HandshakePattern.fixedLength(of: tokens, startingWithKey: symmetric.hasKey).length
        guard let version = frame.first else { throw .badLength(expected: 1 + fixed, got: 0) }
        guard version == Self.frameVersion else { throw .badVersion(version) }
        guard frame.count >= 1 + fixed else { throw .badLength(expected: 1 + fixed, got: frame.count) }
        guard frame.count - 1 <= Self.maximumMessageLength else {
            throw .badLength(expected: 1 + Self.maximumMessageLength, got: frame.count)
        }
        var offset = 1
        func take(_ count: Int) -> [UInt8] {
            defer { offset += count }
            return Array(frame[offset..<offset + count])  // in range: the length was checked above
        }
        for token in tokens {
            switch token {
            case .e:
                let bytes = take(PublicKey.byteCount)
                guard let key = try? PublicKey(compressed: bytes) else { throw .badPublicKey }
                remoteEphemeral = key
                symmetric.mixHash(bytes)
            case .s:
                let sealedLength = PublicKey.byteCount + (symmetric.hasKey ? ChaChaPoly.tagByteCount : 0)
                let bytes = try symmetric.decryptAndHash(take(sealedLength))
                guard let key = try? PublicKey(compressed: bytes) else { throw .badPublicKey }
                remoteStatic = key
            case .ee, .es, .se, .ss:
                try mixDH(token)
            }
        }
        return try symmetric.decryptAndHash(take(frame.count - offset))
    }

    // MARK: Shared steps

    /// `MixKey(DH(..))` for a DH token, picking the keys by role as the Noise spec says.
    private func mixDH(_ token: NoiseToken) throws(HandshakeError) {
        let local: PrivateKey?
        let remote: PublicKey?
        switch (token, role) {
        case (.ee, .initiator), (.ee, .responder): local = localEphemeral; remote = remoteEphemeral
        case (.es, .initiator): local = localEphemeral; remote = remoteStatic
        case (.es, .responder): local = localStatic; remote = remoteEphemeral
        case (.se, .initiator): local = localStatic; remote = remoteEphemeral
        case (.se, .responder): local = localEphemeral; remote = remoteStatic
        case (.ss, .initiator), (.ss, .responder): local = localStatic; remote = remoteStatic
        case (.e, .initiator), (.e, .responder), (.s, .initiator), (.s, .responder):
            return  // not DH tokens; never passed here
        }
        // A well-formed pattern always has both keys by now; a malformed one is refused, not trapped.
        guard let local else { throw .missingLocalStatic }
        guard let remote else { throw .missingRemoteStatic }
        symmetric.mixKey(local.sharedSecret(with: remote))
    }

    private func advance(after index: Int) {
        let next = index + 1
        guard next < pattern.messages.count else {
            finish()
            return
        }
        progress = role.writes(messageIndex: next) ? .writeNext(messageIndex: next) : .readNext(messageIndex: next)
    }

    private func finish() {
        let (initiatorKey, responderKey) = symmetric.split()
        localEphemeral = nil
        injectedEphemeral = nil
        guard let remoteStatic else {
            // XK and IK always authenticate the peer's static key; a pattern that does not is
            // not offered, so this is unreachable, and failing is the safe answer if it ever is.
            fail()
            return
        }
        let isInitiator = role == .initiator
        result = TransportKeys(
            role: role,
            sendKey: isInitiator ? initiatorKey : responderKey,
            receiveKey: isInitiator ? responderKey : initiatorKey,
            chainingKey: symmetric.chainingKey,
            handshakeHash: symmetric.handshakeHash,
            remoteStatic: remoteStatic)
        progress = .complete
    }

    /// The transport keys, once `progress == .complete`.
    public func split() throws(HandshakeError) -> TransportKeys {
        guard case .complete = progress, let result else { throw .outOfTurn(progress) }
        return result
    }

    /// Ends the handshake as failed (e.g. the application refused the payload) and forgets its
    /// ephemeral secret and keys. Further calls are `.outOfTurn(.failed)`.
    public func abort() { fail() }

    private func fail() {
        progress = .failed
        localEphemeral = nil
        injectedEphemeral = nil
        result = nil
        // Replacing the symmetric state releases ck and the temporary key (wiped on release).
        symmetric = SymmetricState(protocolName: [])
    }
}
