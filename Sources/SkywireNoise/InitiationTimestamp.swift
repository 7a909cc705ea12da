/// The 12-byte timestamp at the start of a link initiation's payload, TAI64N-like:
/// 8-byte big-endian seconds (offset by 2^62 as in TAI64 labels) ‖ 4-byte big-endian nanoseconds.
/// Ordered by time; the responder only accepts one strictly later than the last from that key.
public struct InitiationTimestamp: Sendable, Hashable, Comparable {
    /// Encoded length.
    public static let byteCount = 12
    /// TAI64's label base: second `t` is written as `2^62 + t`.
    public static let labelBase: UInt64 = 1 << 62

    /// Whole seconds (the TAI64 label, base included).
    public let label: UInt64
    /// Nanoseconds within the second, `0 ..< 1_000_000_000`.
    public let nanoseconds: UInt32

    /// The timestamp for `now` nanoseconds since the Unix epoch (leap seconds ignored; only the
    /// order matters to the responder).
    public init(now: UInt64) {
        label = Self.labelBase + now / 1_000_000_000
        nanoseconds = UInt32(now % 1_000_000_000)
    }

    /// Parses 12 bytes; `nil` for another length or nanoseconds ≥ 10^9.
    public init?(encoded bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var label: UInt64 = 0
        var nanos: UInt32 = 0
        for (i, byte) in bytes.enumerated() {
            if i < 8 { label = label << 8 | UInt64(byte) } else { nanos = nanos << 8 | UInt32(byte) }
        }
        guard nanos < 1_000_000_000 else { return nil }
        self.label = label
        self.nanoseconds = nanos
    }

    /// The 12 bytes.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: label >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: nanoseconds >> UInt32(shift))) }
        return out
    }

    public static func < (a: InitiationTimestamp, b: InitiationTimestamp) -> Bool {
        (a.label, a.nanoseconds) < (b.label, b.nanoseconds)
    }
}
