/// Why a packet read from a vnet-header TUN cannot be made into ordinary packets.
public enum OffloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shorter than its headers, or headers that contradict each other.
    case malformedPacket(StaticString)
    /// A GSO type other than TCPv4 / TCPv6 (the only offloads the device is asked for).
    case unsupportedSegmentation(UInt8)
    /// `csum_start` / `csum_offset` point outside the packet.
    case invalidChecksumPosition(start: Int, offset: Int, length: Int)
    /// The output buffer cannot hold the segment.
    case segmentTooLarge(needed: Int, capacity: Int)

    public var description: String {
        switch self {
        case .malformedPacket(let reason): "malformed offloaded packet: \(reason)"
        case .unsupportedSegmentation(let type): "unsupported GSO type \(type)"
        case .invalidChecksumPosition(let start, let offset, let length):
            "checksum at \(start)+\(offset) outside a \(length)-byte packet"
        case .segmentTooLarge(let needed, let capacity): "segment of \(needed) bytes exceeds \(capacity)"
        }
    }

    public static func == (a: OffloadError, b: OffloadError) -> Bool {
        switch (a, b) {
        case let (.malformedPacket(x), .malformedPacket(y)): return x.description == y.description
        case let (.unsupportedSegmentation(x), .unsupportedSegmentation(y)): return x == y
        case let (.invalidChecksumPosition(s, o, l), .invalidChecksumPosition(t, p, m)): return s == t && o == p && l == m
        case let (.segmentTooLarge(n, c), .segmentTooLarge(m, d)): return n == m && c == d
        case (.malformedPacket, _), (.unsupportedSegmentation, _), (.invalidChecksumPosition, _), (.segmentTooLarge, _):
            return false
        }
    }
}
