import SkywireCrypto

/// One token of a Noise handshake pattern (Noise spec rev 34, §7).
public enum NoiseToken: Sendable, Equatable {
    /// The writer's ephemeral public key, in clear.
    case e
    /// The writer's static public key, encrypted once a key exists.
    case s
    /// DH(initiator ephemeral, responder ephemeral).
    case ee
    /// DH(initiator ephemeral, responder static).
    case es
    /// DH(initiator static, responder ephemeral).
    case se
    /// DH(initiator static, responder static).
    case ss
}

/// A Noise handshake pattern as data: the pre-messages and the token list of each message.
/// The engine (`HandshakeState`) interprets it; there is no per-pattern code path.
///
/// Only the patterns below are offered; pre-messages may hold `s` only (no pre-shared ephemerals).
public struct HandshakePattern: Sendable {
    /// The pattern's name as it appears in a protocol name, e.g. "XK".
    public let name: String
    /// Keys the initiator's side is known to have before the first message (subset of `[.s]`).
    public let initiatorPreMessage: [NoiseToken]
    /// Keys the responder's side is known to have before the first message (subset of `[.s]`).
    public let responderPreMessage: [NoiseToken]
    /// Message `i` is written by the initiator when `i` is even, by the responder when odd.
    public let messages: [[NoiseToken]]

    /// `XK`: the initiator knows the responder's static key; the initiator's static key is sent
    /// in the third message. BOLT 8's handshake.
    ///
    ///     <- s
    ///     ...
    ///     -> e, es
    ///     <- e, ee
    ///     -> s, se
    public static let xk = HandshakePattern(
        name: "XK", initiatorPreMessage: [], responderPreMessage: [.s],
        messages: [[.e, .es], [.e, .ee], [.s, .se]])

    /// `IK`: the initiator knows the responder's static key and sends its own in the first
    /// message, which can carry a (0-RTT) payload; one round trip.
    ///
    ///     <- s
    ///     ...
    ///     -> e, es, s, ss
    ///     <- e, ee, se
    public static let ik = HandshakePattern(
        name: "IK", initiatorPreMessage: [], responderPreMessage: [.s],
        messages: [[.e, .es, .s, .ss], [.e, .ee, .se]])

    /// The pre-message of the given role.
    func preMessage(of role: HandshakeRole) -> [NoiseToken] {
        switch role {
        case .initiator: return initiatorPreMessage
        case .responder: return responderPreMessage
        }
    }

    /// Whether `role` must hold a static key pair: it is in its pre-message or it sends it.
    func needsLocalStatic(_ role: HandshakeRole) -> Bool {
        if preMessage(of: role).contains(.s) { return true }
        for (index, tokens) in messages.enumerated() where role.writes(messageIndex: index) {
            if tokens.contains(.s) { return true }
        }
        return false
    }

    /// Whether `role` must know the peer's static key before the first message.
    func needsRemoteStaticUpFront(_ role: HandshakeRole) -> Bool {
        preMessage(of: role.peer).contains(.s)
    }

    /// The length of a message's fixed part (keys and tags, no payload bytes), given whether the
    /// cipher holds a key when the message starts. Also tells whether it holds one at the end.
    static func fixedLength(of tokens: [NoiseToken], startingWithKey: Bool) -> (length: Int, endsWithKey: Bool) {
        var hasKey = startingWithKey
        var length = 0
        for token in tokens {
            switch token {
            case .e: length += PublicKey.byteCount
            case .s: length += PublicKey.byteCount + (hasKey ? ChaChaPoly.tagByteCount : 0)
            case .ee, .es, .se, .ss: hasKey = true
            }
        }
        length += hasKey ? ChaChaPoly.tagByteCount : 0
        return (length, hasKey)
    }
}

extension HandshakeRole {
    /// The other side.
    var peer: HandshakeRole {
        switch self {
        case .initiator: return .responder
        case .responder: return .initiator
        }
    }
}
