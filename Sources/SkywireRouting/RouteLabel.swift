import SkywireCrypto

/// A route label on one direction of one link (32 bits on the wire).
///
/// Both labels of a link (i → i+1) are chosen by the upstream hop i while it processes the route
/// setup, and travel in the clear header of the setup frame it forwards:
/// - the **forward** label (top bit 0) marks packets i → i+1; it is unique among the forward
///   labels i uses towards i+1 (the sender's own label space on that link);
/// - the **reverse** label (top bit 1) marks packets i+1 → i; it is unique among the entries of
///   i's own forwarding table for neighbour i+1 (the receiver's label space).
/// The top bit keeps the two spaces apart, so no label chosen by one end of a link can collide with
/// one chosen by the other end. The values `0` and `0x8000_0000` are never allocated.
public struct RouteLabel: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let reverseBit: UInt32 = 0x8000_0000

    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// True for a reverse-direction label (top bit set).
    public var isReverse: Bool { rawValue & Self.reverseBit != 0 }

    /// A label a hop may have allocated: not one of the two reserved values.
    public var isAllocatable: Bool { rawValue & ~Self.reverseBit != 0 }

    /// A fresh random label of the given direction (never a reserved value).
    static func random(reverse: Bool) -> RouteLabel {
        while true {
            let low = SecureRandom.uint32() & ~reverseBit
            if low != 0 { return RouteLabel(rawValue: reverse ? low | reverseBit : low) }
        }
    }

    public var description: String {
        (isReverse ? "r" : "f") + String(rawValue & ~Self.reverseBit, radix: 16)
    }

    public static func < (a: RouteLabel, b: RouteLabel) -> Bool { a.rawValue < b.rawValue }
}

/// A local handle for one route at one node (origin, transit hop or destination). Never on the wire.
public struct RouteId: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "route#\(rawValue)" }
    public static func < (a: RouteId, b: RouteId) -> Bool { a.rawValue < b.rawValue }
}
