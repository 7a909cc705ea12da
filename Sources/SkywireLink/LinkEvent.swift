import SkywireCrypto

/// What the runtime, its logs and the layers above want to know about neighbours and links.
/// Order within one call: `linkUp` before the `neighborUp` it causes, `linkDown` before the
/// `neighborDown` it causes.
public enum LinkEvent: Sendable, Equatable {
    /// The first link to this node key came up.
    case neighborUp(PublicKey)
    /// The last link to this node key went down.
    case neighborDown(PublicKey)
    /// A link (one path to the neighbour) completed its handshake and can carry frames.
    case linkUp(PublicKey, PathAddress)
    /// A link went silent for `deadAfterMissed` keepalive intervals; its sessions are gone.
    case linkDown(PublicKey, PathAddress)
    /// An authenticated packet arrived from another address: the link now sends there.
    case endpointRoamed(PublicKey, from: PathAddress, to: PathAddress)
}

/// Where a link stands.
public enum LinkState: Sendable, Equatable, CustomStringConvertible {
    /// A handshake is under way (ours or the peer's) and no session is up yet.
    case handshaking
    /// A session is up: frames flow, probes and reports run.
    case up
    /// No session and no handshake in flight (waiting for a beacon or a static-peer retry).
    case down

    public var description: String {
        switch self {
        case .handshaking: return "handshaking"
        case .up: return "up"
        case .down: return "down"
        }
    }
}
