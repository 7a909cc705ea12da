/// Sizes of the route setup frame (docs/protocol.md §7.5).
///
/// ```
/// setup frame body (1146 bytes, the same at every hop):
///   forward label (4) ‖ reverse label (4)            clear, chosen by the sending hop
///   version (1) = 0 ‖ ephemeral key (33) ‖ routing info (1088) ‖ MAC (16)   the onion
/// one hop's slot inside the routing info:
///   length (2) ‖ hop payload (length) ‖ MAC for the next hop (16)
/// ```
/// With the link overhead (frame header 3, transport header 16, tag 16) a setup packet is 1181
/// bytes of UDP payload: under the 1232 bytes an IPv6 minimum-MTU path carries.
public enum RouteSetupLayout {
    public static let version: UInt8 = 0
    public static let labelsSize = 8
    public static let routingInfoSize = 1088
    /// HMAC-SHA256 truncated to 128 bits (as RFC 4868's HMAC-SHA-256-128).
    public static let macSize = 16
    public static let onionSize = 1 + 33 + routingInfoSize + macSize
    public static let frameBodySize = labelsSize + onionSize
    /// Route length bound: hops after the origin, the destination included.
    public static let maxHops = 16
    /// Per-hop instruction bytes at most.
    public static let maxInstructionBytes = 255

    /// A relay's hop payload: kind (1) ‖ next hop (33) ‖ idle timeout s (2) ‖ instructions length (1).
    static let relayFixedSize = 1 + 33 + 2 + 1
    /// The destination's hop payload before the 0-RTT bytes: kind (1) ‖ idle timeout (2) ‖ instructions length (1).
    static let destinationFixedSize = 1 + 2 + 1
    /// Slot overhead: the length field and the next hop's MAC.
    static let slotOverhead = 2 + macSize

    /// The largest 0-RTT payload a route of `hops` hops can carry without per-hop instructions
    /// (1066 bytes for one hop, 846 for five, 241 for sixteen).
    public static func maxPayloadSize(hops: Int) -> Int {
        guard hops >= 1 && hops <= maxHops else { return 0 }
        return routingInfoSize - (hops - 1) * (slotOverhead + relayFixedSize) - slotOverhead - destinationFixedSize
    }
}
