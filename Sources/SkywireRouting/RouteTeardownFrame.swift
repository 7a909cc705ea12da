import SkywireWire

/// Why a route was torn down.
public enum TeardownReason: UInt8, Sendable, CaseIterable {
    /// The origin or the destination closed it.
    case closed = 0
    /// A hop dropped it after its idle timeout.
    case idle = 1
    /// A hop lost the link to its next hop.
    case unreachable = 2
    /// A hop refused the route setup (bad MAC, replay, unknown instruction, next hop not a neighbour…).
    case setupRejected = 3
    /// A hop had no room for another route.
    case tableFull = 4
}

/// Closes a route or reports its failure (frame `routeTeardown`, 0x13): `label (4) ‖ reason (1)`.
///
/// It travels like data, under the label of the link it is sent on, in either direction; each hop
/// removes the route and passes it on (`ForwardingTable.teardown`). A neighbour can only tear down
/// routes it was given a label for on that link.
public struct RouteTeardownFrame: Equatable, Sendable {
    public static let size = 5
    public var label: RouteLabel
    public var reason: TeardownReason

    public init(label: RouteLabel, reason: TeardownReason) {
        self.label = label
        self.reason = reason
    }

    public func encode(into w: inout ByteWriter) throws(WireError) {
        try w.u32(label.rawValue)
        try w.u8(reason.rawValue)
    }

    public func encode() -> [UInt8] {
        RouteDataFrame.encode(label: label, payload: [reason.rawValue])
    }

    public static func decode(_ body: UnsafeRawBufferPointer) throws(WireError) -> RouteTeardownFrame {
        var r = ByteReader(body)
        let label = RouteLabel(rawValue: try r.u32())
        guard label.isAllocatable else { throw .invalidField("route label") }
        guard let reason = TeardownReason(rawValue: try r.u8()) else { throw .invalidField("teardown reason") }
        try r.expectEnd()
        return RouteTeardownFrame(label: label, reason: reason)
    }

    public static func decode(_ body: [UInt8]) throws(WireError) -> RouteTeardownFrame {
        let r: Result<RouteTeardownFrame, WireError> = body.withUnsafeBytes { raw in
            Result { () throws(WireError) in try decode(raw) }
        }
        return try r.get()
    }
}

extension RouteSetupError {
    /// The reason to put in the teardown a hop sends back when it refuses a setup.
    public var teardownReason: TeardownReason {
        switch self {
        case .forwarding(.tableFull): return .tableFull
        case .nextHopUnreachable: return .unreachable
        case .forwarding(.labelSpaceExhausted), .forwarding(.unknownRoute), .emptyPath, .tooManyHops, .repeatedHop,
             .payloadTooLarge, .malformed, .unsupportedVersion, .invalidLabel, .invalidEphemeralKey, .badMAC, .replayed,
             .invalidHopPayload, .unknownCriticalInstruction, .nextHopLoops:
            return .setupRejected
        }
    }
}
