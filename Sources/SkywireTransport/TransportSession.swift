public import SkywireCrypto

/// One datagram session after a handshake: seals outgoing packets and opens incoming ones,
/// with explicit per-packet counters, an RFC 6479 replay window and one-way rekeying.
///
/// Sans-IO: it never reads a clock or touches a socket; every call takes `now` (monotonic
/// nanoseconds). Packets are sealed and opened in place in caller-owned buffers; in steady
/// state (no epoch change) neither call allocates.
///
/// Keys and epochs: each direction has a chain of epoch keys (see `EpochKeys`), epoch 0 being
/// the handshake key. The sender moves to the next epoch before a packet once the current one
/// has carried `RekeyPolicy.rekeyAfterMessages` packets or lasted `rekeyAfterTime`; it moves
/// at most one epoch per packet. The header carries the epoch mod 256. A receiver at epoch `e`
/// reads wire epoch `e mod 256` as `e`, `(e+1) mod 256` as `e+1` (it advances only once such a
/// packet authenticates), and `(e−1) mod 256` as `e−1` for `previousKeyOverlap` after it
/// advanced; any other value is refused (`.unknownEpoch`). A receiver that missed every packet
/// of a whole epoch cannot follow any more; the link re-handshakes when opens keep failing.
/// The counter runs on across epochs, so one replay window covers the whole direction.
///
/// Not thread-safe: one owner (the link's state machine) calls it.
public final class TransportSession {
    private var sender: SendDirection
    private var receiver: ReceiveDirection

    /// - Parameters:
    ///   - sendKey: the handshake's key for our packets to the peer (epoch 0).
    ///   - receiveKey: the handshake's key for the peer's packets to us (epoch 0).
    ///   - localIndex: our receiver index; incoming packets must carry it.
    ///   - remoteIndex: the peer's receiver index; outgoing packets carry it.
    ///   - now: monotonic nanoseconds; starts the first send epoch.
    ///   - policy: rekey thresholds.
    /// The session keeps references to the keys; their bytes are wiped once nobody holds them.
    public init(
        sendKey: SymmetricKey, receiveKey: SymmetricKey,
        localIndex: UInt32, remoteIndex: UInt32,
        now: UInt64, policy: RekeyPolicy = .default
    ) {
        sender = SendDirection(key: sendKey, remoteIndex: remoteIndex, now: now, policy: policy)
        receiver = ReceiveDirection(key: receiveKey, localIndex: localIndex, policy: policy)
    }

    /// For tests only: a session whose first sent packet carries `firstSendCounter`.
    init(
        sendKey: SymmetricKey, receiveKey: SymmetricKey, localIndex: UInt32, remoteIndex: UInt32,
        now: UInt64, policy: RekeyPolicy, firstSendCounter: UInt64
    ) {
        sender = SendDirection(
            key: sendKey, remoteIndex: remoteIndex, now: now, policy: policy, firstCounter: firstSendCounter)
        receiver = ReceiveDirection(key: receiveKey, localIndex: localIndex, policy: policy)
    }

    /// Seals a packet in place. The payload must already sit at offset 16 of `buffer`
    /// (`TransportHeader.byteCount`); this writes the header in front of it, encrypts it in
    /// place and writes the tag after it. Returns the packet length, 32 + `payloadLength`.
    ///
    /// Throws `.bufferTooSmall` / `.invalidPayloadLength` for a bad buffer, and
    /// `.counterExhausted` once the session may not send any more (re-handshake).
    @inline(__always)
    public func seal(
        type: UInt8, payloadLength: Int, in buffer: UnsafeMutableRawBufferPointer, now: UInt64
    ) throws(TransportError) -> Int {
        try sender.seal(type: type, payloadLength: payloadLength, in: buffer, now: now)
    }

    /// Opens a packet in place: checks the header, picks the epoch's key, verifies and decrypts,
    /// and only then records the counter in the replay window. Returns the range of the
    /// plaintext payload in `packet` (starting at 16). On any error nothing in the session
    /// changed and the packet bytes are as they were, except that after `.authenticationFailed`
    /// the payload bytes (16 ..< count − 16) are zeroed: libsodium clears its output when a tag
    /// does not verify, and the packet is decrypted in place.
    @inline(__always)
    public func open(packet: UnsafeMutableRawBufferPointer, now: UInt64) throws(TransportError) -> Range<Int> {
        try receiver.open(packet, now: now)
    }

    /// Our receiver index (incoming packets carry it).
    public var localIndex: UInt32 { receiver.localIndex }
    /// The peer's receiver index (outgoing packets carry it).
    public var remoteIndex: UInt32 { sender.remoteIndex }
    /// The full epoch number of our sending keys.
    public var sendEpoch: UInt64 { sender.keys.epoch }
    /// The full epoch number of the receiver's current keys.
    public var receiveEpoch: UInt64 { receiver.current.epoch }
    /// The counter the next sealed packet will carry.
    public var nextSendCounter: UInt64 { sender.nextCounter }
    /// The highest counter accepted from the peer, or nil before the first packet.
    public var highestReceivedCounter: UInt64? { receiver.window.highestAccepted }
    /// Whether sending is over for this session (the counter hit `rejectAfterMessages`).
    public var isSendExhausted: Bool { sender.nextCounter >= RekeyPolicy.rejectAfterMessages }
}
