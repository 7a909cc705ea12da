/// Something the owner of a session must act on or may want to know. Drained with
/// `Session.drainEvents()`.
public enum SessionEvent: Equatable, Sendable {
    /// A route stopped carrying packets (see `SessionConfig` for the rule). Its unacknowledged
    /// stream data is being re-sent on the other routes. The route stays known (and probed
    /// slowly) until `removeRoute`.
    case routeDead(RouteID)
    /// A dead route answered a probe and carries traffic again.
    case routeRevived(RouteID)
    /// The session wants this many more live routes (the node sets them up in the background
    /// and calls `addRoute`).
    case needRoute(Int)
    /// An authenticated packet arrived on a route the session did not know; it is now used.
    case routeLearned(RouteID)
    /// Every stream byte up to the peer's `finish` was delivered.
    case streamFinished
    /// The session is closed; nothing more is sent or accepted.
    case closed(SessionCloseReason)
}

/// Why a session closed.
public enum SessionCloseReason: Equatable, Sendable {
    /// `close` was called here.
    case local(code: UInt16)
    /// The peer sent a close frame.
    case peer(code: UInt16)
    /// Nothing authentic arrived for `idleTimeout`.
    case idle
    /// The transport can send no more (counter exhausted): a new handshake is needed.
    case exhausted
}
