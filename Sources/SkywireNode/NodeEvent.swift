import SkywireCrypto
import SkywireLink
import SkywireRouting

/// A ping's handle (random, also its id on the wire).
public struct PingID: Hashable, Sendable, CustomStringConvertible {
    public let raw: UInt64
    public init(raw: UInt64) { self.raw = raw }
    public var description: String { "ping#" + String(raw, radix: 16) }
}

/// Why a route this node held is gone.
public enum RouteDownReason: Sendable, Equatable {
    /// A hop sent a teardown (it refused the setup, lost its next hop, idled out, or an end closed).
    case teardown(TeardownReason)
    /// The link to the route's neighbour went down here.
    case linkLost
    /// Nothing was sent or received on it for its idle timeout.
    case idle
    /// This node closed it.
    case closed
}

/// What happened inside a node that its owner (the runtime, the simulator, a test) may want to
/// know. Drained with `SkywireNode.drainEvents`.
public enum NodeEvent: Sendable, Equatable {
    /// The first link to this neighbour came up.
    case neighborUp(PublicKey)
    /// The last link to this neighbour went down.
    case neighborDown(PublicKey)
    /// This node published a new link-state record with this many links (confirmed ones count).
    case recordPublished(sequence: UInt64, links: Int, confirmed: Int)
    /// A route set up by this node left: data can follow at once (one-pass setup).
    case routeUp(RouteId, destination: PublicKey, hops: Int)
    /// The first answer came back on a route set up by this node, `rtt` after the setup left.
    case routeAnswered(RouteId, rtt: UInt64)
    /// A route that started or ended here is gone.
    case routeDown(RouteId, reason: RouteDownReason)
    /// A route set up by another node ended here (its 0-RTT payload is handled at once).
    case routeArrived(RouteId)
    /// A ping was answered: round trip and the forward route's hop count.
    case pingReply(PingID, from: PublicKey, rtt: UInt64, hops: Int)
    /// A ping was not answered within `NodeConfig.pingTimeout`.
    case pingTimeout(PingID)
    /// A ping request from another node was answered here.
    case pingAnswered(RouteId)
    /// An application datagram arrived on a route (`viaSetup`: it rode in the setup itself).
    case datagram(RouteId, [UInt8], viaSetup: Bool)
    /// A route to `destination` could not be set up (no path in the graph, or the first hop
    /// is not a neighbour).
    case routeFailed(destination: PublicKey, RouteFailure)
    /// A session event (see `SessionHandle`).
    case session(SessionHandle, SessionNotice)
}

/// Why no route could be set up.
public enum RouteFailure: Error, Sendable, Equatable {
    /// The graph has no path (not converged yet, or the destination is unreachable).
    case noPath(RouteFinderError)
    /// The path's first hop has no working link here.
    case firstHopDown
    /// Building the setup failed (payload too large for the path, table full…).
    case setup(RouteSetupError)
    /// The destination is this node.
    case isSelf
}

/// What a session tells its owner.
public enum SessionNotice: Sendable, Equatable {
    /// Responder: a client opened a session to one of our services; its 0-RTT first message.
    case accepted(peer: PublicKey, service: PublicKey, port: UInt16, firstMessage: [UInt8])
    /// Initiator: the answer arrived (the responder's reply payload); bytes written before are
    /// on their way.
    case established(reply: [UInt8])
    /// Stream bytes are ready to read (`SkywireNode.read`).
    case readable
    /// Datagrams are ready (`SkywireNode.receiveDatagrams`).
    case datagrams
    /// The peer ended its stream and every byte of it was delivered.
    case streamFinished
    /// A route was added to the session (set up here, or the peer's, learnt).
    case routeAdded(RouteId)
    /// A route of the session died or was torn down; a replacement is set up if needed.
    case routeLost(RouteId)
    /// The session is closed.
    case closed(String)
}
