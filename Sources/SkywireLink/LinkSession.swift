import SkywireNoise
import SkywireTransport

/// One transport session of a link (one completed handshake), with the per-session counts the
/// receive reports are made of. Counters restart with every session, so reports and loss are
/// computed per session; the link's estimators carry across sessions.
final class LinkSession {
    let transport: TransportSession
    /// We sent the initiation that made this session (we rehandshake it when it gets old).
    let isInitiator: Bool
    /// When the handshake completed on our side.
    let establishedAt: UInt64

    // What we received on this session (our receive reports carry it).
    var packetsReceived: UInt64 = 0
    var bytesReceived: UInt64 = 0
    // Our receive side at our last report: baselines for lossIn and throughputIn.
    var reportedSpan: UInt64 = 0
    var reportedPackets: UInt64 = 0
    var reportedBytes: UInt64 = 0
    var reportedAt: UInt64
    // The peer's last receive report: baselines for lossOut and throughputOut.
    var peerSpan: UInt64 = 0
    var peerPackets: UInt64 = 0
    var peerBytes: UInt64 = 0
    var peerReportAt: UInt64

    init(transport: TransportSession, isInitiator: Bool, now: UInt64) {
        self.transport = transport
        self.isInitiator = isInitiator
        establishedAt = now
        reportedAt = now
        peerReportAt = now
    }

    var localIndex: UInt32 { transport.localIndex }

    /// How many counters the peer had sent when its highest one we accepted was sent:
    /// highest + 1, or 0 before any packet.
    var receivedSpan: UInt64 { transport.highestReceivedCounter.map { $0 &+ 1 } ?? 0 }
}

/// Our initiation in flight on a link.
final class PendingInitiation {
    let initiator: LinkInitiator
    let localIndex: UInt32
    /// Where we sent it (the tie-break compares this with where the peer's initiation came from).
    let target: PathAddress

    init(initiator: LinkInitiator, localIndex: UInt32, target: PathAddress) {
        self.initiator = initiator
        self.localIndex = localIndex
        self.target = target
    }
}

/// What a receiver index of ours names.
enum IndexOwner {
    /// A handshake response to this index completes this initiation.
    case initiation(Link, PendingInitiation)
    /// Transport packets to this index open with this session.
    case session(Link, LinkSession)
}

/// A probe we were asked to echo, held until the next packet we send on the link.
struct PendingEcho {
    var id: UInt32
    var sentAt: UInt64
    var receivedAt: UInt64
}
