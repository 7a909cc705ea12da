import SkywireWire

/// Frame types of the routing layer (docs/protocol.md §7). They travel inside link transport
/// packets as ordinary frames (`type (1) ‖ length (2) ‖ body`, §5).
///
/// The range `0x10…0x1F` is reserved for routing; every type in it is *critical* (below 0x80): a
/// receiver that does not know one drops the whole packet. Types `0x14…0x1F` are unassigned.
/// `SkywireWire.FrameType` lists the same values (`frameType` maps each to it).
public enum RoutingFrameType: UInt8, Sendable, CaseIterable {
    /// A signed link-state record, flooded to every neighbour (`LinkStateRecord`).
    case linkState = 0x10
    /// A one-pass onion route setup (`RouteSetupFrame`), constant size at every hop.
    case routeSetup = 0x11
    /// Data on an installed route: label (4) ‖ payload (`RouteDataFrame`).
    case routeData = 0x12
    /// Closes a route or reports why it failed: label (4) ‖ reason (1) (`RouteTeardownFrame`).
    case routeTeardown = 0x13

    /// The same type in the link layer's frame type list.
    public var frameType: FrameType {
        switch self {
        case .linkState: return .linkState
        case .routeSetup: return .routeSetup
        case .routeData: return .routeData
        case .routeTeardown: return .routeTeardown
        }
    }

    /// The first type of the reserved routing range.
    public static let reservedRangeStart: UInt8 = 0x10
    /// The last type of the reserved routing range.
    public static let reservedRangeEnd: UInt8 = 0x1F

    /// Whether `typeByte` lies in the range reserved for routing frames.
    public static func isReserved(_ typeByte: UInt8) -> Bool {
        typeByte >= reservedRangeStart && typeByte <= reservedRangeEnd
    }
}
