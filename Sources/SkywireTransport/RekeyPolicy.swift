/// When a sender moves to its next key epoch, and how long a receiver keeps the previous one.
///
/// Defaults: a new epoch every 2^20 packets or every 120 s, whichever comes first; the
/// previous epoch's key is accepted for 10 s after the receiver moved past it (packets that
/// were in flight or reordered across the switch). Tests inject small values.
public struct RekeyPolicy: Sendable, Equatable {
    /// The sender starts a new epoch before sealing a packet once this many packets were sealed
    /// in the current epoch. Default 2^20.
    public var rekeyAfterMessages: UInt64
    /// The sender starts a new epoch before sealing a packet once this many nanoseconds passed
    /// since the current epoch began. Default 120 s.
    public var rekeyAfterTime: UInt64
    /// How long (ns) a receiver still accepts the previous epoch's key after it advanced.
    /// Default 10 s.
    public var previousKeyOverlap: UInt64

    /// The hard limit on counters: 2^64 − 2^13 − 1. A sender whose next counter reaches it
    /// refuses to send (`TransportError.counterExhausted`) and a receiver rejects packets that
    /// carry it or more (`.counterBeyondLimit`); the link must run a new handshake. The margin
    /// keeps every counter arithmetic, replay window included, far from overflow.
    public static let rejectAfterMessages: UInt64 = UInt64.max - (1 << 13)

    public init(rekeyAfterMessages: UInt64, rekeyAfterTime: UInt64, previousKeyOverlap: UInt64) {
        self.rekeyAfterMessages = rekeyAfterMessages
        self.rekeyAfterTime = rekeyAfterTime
        self.previousKeyOverlap = previousKeyOverlap
    }

    /// 2^20 packets / 120 s per epoch, 10 s overlap.
    public static let `default` = RekeyPolicy(
        rekeyAfterMessages: 1 << 20,
        rekeyAfterTime: 120 * 1_000_000_000,
        previousKeyOverlap: 10 * 1_000_000_000
    )
}
