/// Why bytes are not a well-formed IP packet. The parser returns these; it never traps.
public enum IPPacketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the fixed header needs (20 for IPv4, 40 for IPv6); also an empty packet.
    case truncated(Int)
    /// The version nibble is neither 4 nor 6.
    case unknownVersion(UInt8)
    /// IPv4: a header length below 5 words, or past the packet's end.
    case invalidHeaderLength(Int)
    /// The length field disagrees with the bytes: more than were received, or less than the header.
    case invalidTotalLength(declared: Int, received: Int)
    /// An IPv6 extension header that runs past the end of the packet.
    case truncatedExtensionHeader

    public var description: String {
        switch self {
        case .truncated(let count): "IP packet truncated (\(count) bytes)"
        case .unknownVersion(let version): "IP version \(version) is not 4 or 6"
        case .invalidHeaderLength(let length): "IPv4 header length \(length) is invalid"
        case .invalidTotalLength(let declared, let received):
            "IP length field \(declared) does not fit \(received) received bytes"
        case .truncatedExtensionHeader: "IPv6 extension header runs past the end"
        }
    }
}
