import SkywireWire

/// Why a forwarding-table change was refused.
public enum ForwardingError: Error, Equatable, Sendable {
    /// The table holds `capacity` routes already (after removing idle ones).
    case tableFull
    /// No free label found in a few random draws (practically unreachable with 2^31 labels).
    case labelSpaceExhausted
    /// No route with that id.
    case unknownRoute
}

/// Why a route setup could not be built or was refused by a hop. Processing never traps.
public enum RouteSetupError: Error, Equatable, Sendable {
    // Building (origin).
    /// A path with no hops.
    case emptyPath
    /// More hops than `RouteSetupLayout.maxHops`.
    case tooManyHops(Int)
    /// A node appears twice in the path.
    case repeatedHop
    /// The 0-RTT payload and instructions do not fit; `maxPayload` is what would.
    case payloadTooLarge(maxPayload: Int)

    // Processing (every hop).
    /// The frame does not parse (wrong size, truncated…).
    case malformed(WireError)
    case unsupportedVersion(UInt8)
    /// A header label with the wrong direction bit, or a reserved value.
    case invalidLabel
    /// The ephemeral key is not a valid point, or blinding it failed.
    case invalidEphemeralKey
    /// The MAC does not match: the packet was altered or is not for this node.
    case badMAC
    /// This setup (same shared secret) was already processed.
    case replayed
    /// The decrypted hop payload does not parse.
    case invalidHopPayload
    /// A per-hop instruction of a critical type (below 0x80) this version does not know.
    case unknownCriticalInstruction(UInt8)
    /// The next hop is this node or the neighbour the setup came from.
    case nextHopLoops
    /// The next hop is not a neighbour with a working link.
    case nextHopUnreachable
    /// The forwarding table refused the route.
    case forwarding(ForwardingError)
}
