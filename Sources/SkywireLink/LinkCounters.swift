/// Why a datagram (or a frame bound for the layer above) was dropped.
public enum DropReason: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Empty, unknown message type, or an envelope that does not decode (incl. index 0).
    case malformed
    /// A beacon that does not decode or whose signature does not verify.
    case badBeacon
    /// A beacon whose sequence is not newer than the last one from that key on that interface.
    case staleBeacon
    /// Our own beacon (heard back on the LAN) or an initiation from our own key.
    case ownMessage
    /// The Noise layer refused an initiation or a response (tampered, wrong key, bad payload).
    case handshakeFailed
    /// An initiation not newer than the last one accepted from its key (a replay).
    case replayedInitiation
    /// A peer's initiation that lost the simultaneous-initiation tie-break (§6.3).
    case simultaneousInitiation
    /// A receiver index that names no session (or no pending initiation, for a response).
    case unknownIndex
    /// A transport header refused before any crypto: too short, flags set, epoch unknown or
    /// expired, counter beyond the limit.
    case badTransportHeader
    /// A transport packet whose AEAD tag did not verify.
    case authenticationFailed
    /// A transport packet whose counter was already accepted or is older than the window.
    case replayedPacket
    /// An authenticated packet whose frame list is invalid (overrun, unknown critical frame,
    /// wrong body size): the whole packet is dropped.
    case badFrames
    /// An outgoing datagram or a delivered frame did not fit in its queue before a drain.
    case queueFull
    /// A beacon or initiation from a new node key while `maxNeighbors` are known.
    case neighborLimit

    public var description: String {
        switch self {
        case .malformed: return "malformed"
        case .badBeacon: return "badBeacon"
        case .staleBeacon: return "staleBeacon"
        case .ownMessage: return "ownMessage"
        case .handshakeFailed: return "handshakeFailed"
        case .replayedInitiation: return "replayedInitiation"
        case .simultaneousInitiation: return "simultaneousInitiation"
        case .unknownIndex: return "unknownIndex"
        case .badTransportHeader: return "badTransportHeader"
        case .authenticationFailed: return "authenticationFailed"
        case .replayedPacket: return "replayedPacket"
        case .badFrames: return "badFrames"
        case .queueFull: return "queueFull"
        case .neighborLimit: return "neighborLimit"
        }
    }
}

/// Drops by reason.
public struct DropCounts: Sendable, Equatable {
    private var counts = [UInt64](repeating: 0, count: DropReason.allCases.count)

    public init() {}

    public subscript(reason: DropReason) -> UInt64 { counts[reason.rawValue] }

    /// All drops.
    public var total: UInt64 { counts.reduce(0, &+) }

    mutating func record(_ reason: DropReason) { counts[reason.rawValue] &+= 1 }
}

/// Manager-wide counters (cumulative since the manager was created).
public struct LinkCounters: Sendable, Equatable {
    /// Datagrams passed to `receive`, and their bytes.
    public var datagramsIn: UInt64 = 0
    public var bytesIn: UInt64 = 0
    /// Datagrams handed out by `drainOutgoing`, and their bytes.
    public var datagramsOut: UInt64 = 0
    public var bytesOut: UInt64 = 0
    /// Beacons that verified and were newer than the last from their key and interface.
    public var beaconsAccepted: UInt64 = 0
    /// Handshake initiations sent (first attempts, retries and rehandshakes).
    public var initiationsSent: UInt64 = 0
    /// Handshake responses sent.
    public var responsesSent: UInt64 = 0
    /// Sessions established (as initiator on a response, as responder on the first packet).
    public var handshakesCompleted: UInt64 = 0
    /// Frames passed up through `drainDelivered`.
    public var framesDelivered: UInt64 = 0
    /// `send(frames:to:)` calls refused (no link up, payload too large, session exhausted).
    public var sendFailures: UInt64 = 0
    /// Dropped input, by reason.
    public var drops = DropCounts()

    public init() {}
}
