/// A route as a session sees it: an opaque number the node layer maps to a real route (a
/// label-switched path of `SkywireRouting`, or anything else that carries datagrams).
///
/// The two ends of a session name the same route differently; a `RouteID` is local. The
/// session never interprets it: it only keeps per-route state under it and tells the node on
/// which route to send each packet.
public struct RouteID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The node layer's number for the route.
    public let raw: UInt64

    /// The route numbered `raw`.
    public init(_ raw: UInt64) { self.raw = raw }

    public static func < (a: RouteID, b: RouteID) -> Bool { a.raw < b.raw }

    public var description: String { "route \(raw)" }
}
