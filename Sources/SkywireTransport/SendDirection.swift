import SkywireCrypto

/// The sending half of a session: epoch keys, the next counter, and when to rekey.
struct SendDirection {
    private(set) var keys: EpochKeys
    /// The counter the next packet gets. Continues across epochs.
    private(set) var nextCounter: UInt64 = 0
    private var messagesInEpoch: UInt64 = 0
    private var epochStart: UInt64
    let remoteIndex: UInt32
    let policy: RekeyPolicy

    init(key: SymmetricKey, remoteIndex: UInt32, now: UInt64, policy: RekeyPolicy, firstCounter: UInt64 = 0) {
        keys = EpochKeys(handshakeKey: key)
        nextCounter = firstCounter
        epochStart = now
        self.remoteIndex = remoteIndex
        self.policy = policy
    }

    /// Whether the next packet must go out in a new epoch.
    @inline(__always)
    private func rekeyDue(now: UInt64) -> Bool {
        messagesInEpoch >= policy.rekeyAfterMessages
            || (now >= epochStart && now - epochStart >= policy.rekeyAfterTime)
    }

    /// Moves to the next epoch; the old keys are released (and wiped).
    private mutating func advanceEpoch(now: UInt64) {
        keys = keys.next()
        messagesInEpoch = 0
        epochStart = now
    }

    @inline(__always)
    mutating func seal(
        type: UInt8, payloadLength: Int, in buffer: UnsafeMutableRawBufferPointer, now: UInt64
    ) throws(TransportError) -> Int {
        guard payloadLength >= 0 else { throw .invalidPayloadLength(payloadLength) }
        let (total, overflow) = payloadLength.addingReportingOverflow(TransportHeader.overhead)
        guard !overflow, buffer.count >= total, let base = buffer.baseAddress else {
            throw .bufferTooSmall(needed: overflow ? Int.max : total, got: buffer.count)
        }
        guard nextCounter < RekeyPolicy.rejectAfterMessages else { throw .counterExhausted }
        if rekeyDue(now: now) { advanceEpoch(now: now) }

        let counter = nextCounter
        TransportHeader.write(
            .init(type: type, epoch: keys.wireEpoch, flags: 0, receiverIndex: remoteIndex, counter: counter),
            to: base)
        let header = UnsafeRawBufferPointer(start: base, count: TransportHeader.byteCount)
        let payload = UnsafeMutableRawBufferPointer(start: base + TransportHeader.byteCount, count: payloadLength)
        let tag = UnsafeMutableRawBufferPointer(
            start: base + TransportHeader.byteCount + payloadLength, count: TransportHeader.tagByteCount)
        keys.key.secret.withUnsafeBytes { k in
            ChaChaPoly.sealRaw(key: k, counter: counter, associatedData: header, buffer: payload, tag: tag)
        }
        nextCounter = counter + 1
        messagesInEpoch += 1
        return total
    }
}
