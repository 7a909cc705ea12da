import SkywireCrypto

/// What this node is for a route.
public enum RouteRole: Sendable, Equatable {
    /// It built the route; reverse traffic is delivered here.
    case origin
    /// It forwards in both directions.
    case transit
    /// The setup ended here; forward traffic is delivered here.
    case destination
}

/// What to do with a route data packet that came from a neighbour with a label.
public enum ForwardingDecision: Equatable, Sendable {
    /// Send it on the link to `to`, with its label rewritten to `label`.
    case forward(to: PublicKey, label: RouteLabel)
    /// The route ends here in this direction: hand the payload to the route's local user.
    case deliver(RouteId)
}

/// A route taken out of the table, with the labels on which to tell its other hops.
public struct RemovedRoute: Equatable, Sendable {
    public let routeId: RouteId
    public let role: RouteRole
    /// (neighbour, label) pairs to send a teardown on: downstream with the forward label and/or
    /// upstream with the reverse label, whichever this node has.
    public let notify: [NeighbourLabel]
}

/// A label on the link to one neighbour.
public struct NeighbourLabel: Hashable, Sendable {
    public let neighbour: PublicKey
    public let label: RouteLabel
    public init(neighbour: PublicKey, label: RouteLabel) {
        self.neighbour = neighbour
        self.label = label
    }
}

/// The labels a route setup allocated for its outgoing link.
public struct AllocatedLabels: Equatable, Sendable {
    public let routeId: RouteId
    /// The label this node puts on packets towards the next hop.
    public let forward: RouteLabel
    /// The label the next hop must put on packets back to this node.
    public let reverse: RouteLabel
}

/// Label switching state of one node: (incoming neighbour, label) → decision, for both directions
/// of every route through, from or to this node. Sans-IO and bounded.
///
/// A packet is only accepted under a label that was *given on that link*: the key includes the
/// neighbour the packet came from (authenticated by the link), so a neighbour cannot inject into a
/// route whose label it was not given. Routes expire when idle: a lookup after `idleTimeout`
/// without traffic finds nothing, and `expire(now:)` sweeps them. The data path (`lookup`) does not
/// allocate.
public struct ForwardingTable: Sendable {
    struct Route: Sendable {
        let role: RouteRole
        let idleTimeout: UInt64
        var lastUsed: UInt64
        /// Keys of this route's entries in `entries`.
        let forwardIn: NeighbourLabel?
        let reverseIn: NeighbourLabel?
        /// Where this node sends each direction.
        let forwardOut: NeighbourLabel?
        let reverseOut: NeighbourLabel?
    }

    struct Entry: Sendable {
        let route: RouteId
        let decision: ForwardingDecision
    }

    /// Most routes held at once.
    public let capacity: Int
    var entries: [NeighbourLabel: Entry] = [:]
    var routes: [RouteId: Route] = [:]
    /// Forward labels this node chose per outgoing link (its own label space on that link).
    var outgoingForward: Set<NeighbourLabel> = []
    private var nextRouteId: UInt64 = 1

    public init(capacity: Int = 65_536) {
        self.capacity = max(capacity, 1)
    }

    public var routeCount: Int { routes.count }

    /// The role of a route this table holds.
    public func role(of id: RouteId) -> RouteRole? { routes[id]?.role }

    /// Where a route that starts or ends here sends: the origin sends forward to its first hop,
    /// the destination sends reverse to its last relay. nil for transit routes and unknown ids.
    public func outbound(of id: RouteId) -> NeighbourLabel? {
        guard let r = routes[id] else { return nil }
        switch r.role {
        case .origin: return r.forwardOut
        case .destination: return r.reverseOut
        case .transit: return nil
        }
    }

    // MARK: installing

    /// The origin's state for a new route to `firstHop`: allocates both labels of the first link.
    public mutating func installOrigin(firstHop: PublicKey, idleTimeout: UInt64, now: UInt64) throws(ForwardingError) -> AllocatedLabels {
        try makeRoom(now: now)
        let (forward, reverse) = try allocate(towards: firstHop)
        let id = newRouteId()
        entries[reverse] = Entry(route: id, decision: .deliver(id))
        outgoingForward.insert(forward)
        routes[id] = Route(role: .origin, idleTimeout: idleTimeout, lastUsed: now,
                           forwardIn: nil, reverseIn: reverse, forwardOut: forward, reverseOut: nil)
        return AllocatedLabels(routeId: id, forward: forward.label, reverse: reverse.label)
    }

    /// A relay's state: packets from `previous` with `incoming.forward` go to `next`, packets from
    /// `next` with the newly allocated reverse label go back to `previous` with `incoming.reverse`.
    public mutating func installTransit(
        previous: PublicKey, incoming: (forward: RouteLabel, reverse: RouteLabel), next: PublicKey,
        idleTimeout: UInt64, now: UInt64
    ) throws(ForwardingError) -> AllocatedLabels {
        let forwardIn = NeighbourLabel(neighbour: previous, label: incoming.forward)
        replaceExisting(forwardIn)
        try makeRoom(now: now)
        let (forward, reverse) = try allocate(towards: next)
        let id = newRouteId()
        let reverseOut = NeighbourLabel(neighbour: previous, label: incoming.reverse)
        entries[forwardIn] = Entry(route: id, decision: .forward(to: next, label: forward.label))
        entries[reverse] = Entry(route: id, decision: .forward(to: previous, label: incoming.reverse))
        outgoingForward.insert(forward)
        routes[id] = Route(role: .transit, idleTimeout: idleTimeout, lastUsed: now,
                           forwardIn: forwardIn, reverseIn: reverse, forwardOut: forward, reverseOut: reverseOut)
        return AllocatedLabels(routeId: id, forward: forward.label, reverse: reverse.label)
    }

    /// The destination's state: packets from `previous` with `incoming.forward` are delivered here;
    /// answers go to `previous` with `incoming.reverse`.
    public mutating func installDestination(
        previous: PublicKey, incoming: (forward: RouteLabel, reverse: RouteLabel), idleTimeout: UInt64, now: UInt64
    ) throws(ForwardingError) -> RouteId {
        let forwardIn = NeighbourLabel(neighbour: previous, label: incoming.forward)
        replaceExisting(forwardIn)
        try makeRoom(now: now)
        let id = newRouteId()
        entries[forwardIn] = Entry(route: id, decision: .deliver(id))
        routes[id] = Route(role: .destination, idleTimeout: idleTimeout, lastUsed: now,
                           forwardIn: forwardIn, reverseIn: nil, forwardOut: nil,
                           reverseOut: NeighbourLabel(neighbour: previous, label: incoming.reverse))
        return id
    }

    // MARK: data path

    /// The decision for a packet from `neighbour` carrying `label`; refreshes the route's idle
    /// timer. nil when no route has that label on that link (or it went idle).
    public mutating func lookup(from neighbour: PublicKey, label: RouteLabel, now: UInt64) -> ForwardingDecision? {
        guard let entry = entries[NeighbourLabel(neighbour: neighbour, label: label)] else { return nil }
        guard touch(entry.route, now: now) else { return nil }
        return entry.decision
    }

    /// Marks a route as used at `now` (the origin or destination sending on it). False if the
    /// route is unknown or already idle (it is then removed).
    @discardableResult
    public mutating func touch(_ id: RouteId, now: UInt64) -> Bool {
        guard let r = routes[id] else { return false }
        if now > r.lastUsed && now - r.lastUsed > r.idleTimeout {
            _ = remove(id)
            return false
        }
        if now > r.lastUsed { routes[id]!.lastUsed = now }  // present: checked above
        return true
    }

    // MARK: removal

    /// Removes a route; returns where to send teardowns.
    public mutating func remove(_ id: RouteId) -> RemovedRoute? {
        guard let r = routes.removeValue(forKey: id) else { return nil }
        if let k = r.forwardIn { entries[k] = nil }
        if let k = r.reverseIn { entries[k] = nil }
        if let k = r.forwardOut { outgoingForward.remove(k) }
        let notify = [r.forwardOut, r.reverseOut].compactMap { $0 }
        return RemovedRoute(routeId: id, role: r.role, notify: notify)
    }

    /// Handles a teardown that came from `neighbour` under `label`: removes the route and says
    /// where the teardown continues (same direction), or that it ends here. nil for an unknown
    /// (neighbour, label): a neighbour can only tear down routes it was given a label for.
    public mutating func teardown(from neighbour: PublicKey, label: RouteLabel) -> (routeId: RouteId, continueTo: NeighbourLabel?)? {
        guard let entry = entries[NeighbourLabel(neighbour: neighbour, label: label)] else { return nil }
        _ = remove(entry.route)
        switch entry.decision {
        case .forward(let next, let nextLabel): return (entry.route, NeighbourLabel(neighbour: next, label: nextLabel))
        case .deliver: return (entry.route, nil)
        }
    }

    /// Removes every route that uses the link to `neighbour` (it went down). Each result lists
    /// the other neighbour of the route, if any, to send a teardown (reason `unreachable`) to.
    public mutating func removeRoutes(via neighbour: PublicKey) -> [RemovedRoute] {
        let affected = routes.filter { _, r in
            [r.forwardIn, r.reverseIn, r.forwardOut, r.reverseOut].contains { $0?.neighbour == neighbour }
        }.keys.sorted()
        return affected.compactMap { id -> RemovedRoute? in
            guard let removed = remove(id) else { return nil }
            return RemovedRoute(routeId: id, role: removed.role, notify: removed.notify.filter { $0.neighbour != neighbour })
        }
    }

    /// Removes every route idle for longer than its timeout at `now`.
    @discardableResult
    public mutating func expire(now: UInt64) -> [RemovedRoute] {
        let idle = routes.filter { now > $0.value.lastUsed && now - $0.value.lastUsed > $0.value.idleTimeout }.keys.sorted()
        return idle.compactMap { remove($0) }
    }

    // MARK: helpers

    private mutating func newRouteId() -> RouteId {
        defer { nextRouteId += 1 }
        return RouteId(rawValue: nextRouteId)
    }

    /// The upstream neighbour owns its forward label space: a setup reusing a live label replaces
    /// the old route (only routes through that neighbour can be affected).
    private mutating func replaceExisting(_ key: NeighbourLabel) {
        if let old = entries[key] { _ = remove(old.route) }
    }

    private mutating func makeRoom(now: UInt64) throws(ForwardingError) {
        if routes.count < capacity { return }
        expire(now: now)
        guard routes.count < capacity else { throw .tableFull }
    }

    /// A fresh forward label (unused on our outgoing link to `next`) and a fresh reverse label
    /// (unused among our entries for `next`).
    private func allocate(towards next: PublicKey) throws(ForwardingError) -> (NeighbourLabel, NeighbourLabel) {
        func draw(reverse: Bool, isFree: (NeighbourLabel) -> Bool) throws(ForwardingError) -> NeighbourLabel {
            for _ in 0..<16 {
                let candidate = NeighbourLabel(neighbour: next, label: RouteLabel.random(reverse: reverse))
                if isFree(candidate) { return candidate }
            }
            throw .labelSpaceExhausted
        }
        let forward = try draw(reverse: false) { !outgoingForward.contains($0) }
        let reverse = try draw(reverse: true) { entries[$0] == nil }
        return (forward, reverse)
    }
}
