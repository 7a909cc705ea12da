import SkywireCrypto

/// The receiving half of a session: the current epoch's keys, the next epoch's (derived ahead,
/// so a forged "next epoch" packet costs one AEAD check and nothing else), the previous epoch's
/// key during its overlap, and the one replay window that spans all epochs.
struct ReceiveDirection: ~Copyable {
    private(set) var current: EpochKeys
    private var upcoming: EpochKeys
    /// The previous epoch's key, until `previousUntil`; nil at epoch 0 and once expired.
    private var previous: SymmetricKey?
    private var previousUntil: UInt64 = 0
    private(set) var window = ReplayWindow()
    let localIndex: UInt32
    let policy: RekeyPolicy

    init(key: SymmetricKey, localIndex: UInt32, policy: RekeyPolicy) {
        current = EpochKeys(handshakeKey: key)
        upcoming = current.next()
        self.localIndex = localIndex
        self.policy = policy
    }

    /// Which key a wire epoch selects.
    private enum KeySlot { case current, upcoming, previous }

    /// Wire epoch rule: with the receiver at epoch `e`, wire byte `e mod 256` is the current
    /// key, `(e + 1) mod 256` the next one, `(e − 1) mod 256` the previous one (only while its
    /// overlap lasts, and never at e = 0); any other byte is unknown.
    @inline(__always)
    private mutating func slot(for wireEpoch: UInt8, now: UInt64) throws(TransportError) -> KeySlot {
        let cur = current.wireEpoch
        if wireEpoch == cur { return .current }
        if wireEpoch == cur &+ 1 { return .upcoming }
        if wireEpoch == cur &- 1 && current.epoch > 0 {
            guard previous != nil, now < previousUntil else {
                previous = nil  // expired: release (and so wipe) it
                throw .epochExpired(wireEpoch)
            }
            return .previous
        }
        throw .unknownEpoch(wireEpoch)
    }

    @inline(__always)
    private static func decrypt(
        _ key: SymmetricKey, counter: UInt64, header: UnsafeRawBufferPointer,
        body: UnsafeMutableRawBufferPointer, tag: UnsafeRawBufferPointer
    ) -> Bool {
        key.secret.withUnsafeBytes { k in
            do {
                try ChaChaPoly.openRaw(key: k, counter: counter, associatedData: header, buffer: body, tag: tag)
                return true
            } catch {
                return false
            }
        }
    }

    /// The receiver moved to `upcoming` on an authentic packet: current becomes previous.
    private mutating func advanceEpoch(now: UInt64) {
        previous = current.key
        let (sum, overflow) = now.addingReportingOverflow(policy.previousKeyOverlap)
        previousUntil = overflow ? UInt64.max : sum
        current = upcoming
        upcoming = current.next()
    }

    @inline(__always)
    mutating func open(_ packet: UnsafeMutableRawBufferPointer, now: UInt64) throws(TransportError) -> Range<Int> {
        guard packet.count >= TransportHeader.overhead, let base = packet.baseAddress else {
            throw .packetTooShort(length: packet.count)
        }
        let fields = TransportHeader.read(from: base)
        guard fields.flags == 0 else { throw .reservedFlagsSet(fields.flags) }
        guard fields.receiverIndex == localIndex else { throw .wrongReceiverIndex(fields.receiverIndex) }
        let counter = fields.counter
        if previous != nil && now >= previousUntil { previous = nil }  // overlap over: wipe it
        guard counter < RekeyPolicy.rejectAfterMessages else { throw .counterBeyondLimit(counter) }
        let which = try slot(for: fields.epoch, now: now)
        // Cheap early refusal of replays; nothing is recorded until the tag verified.
        switch window.check(counter) {
        case .fresh: break
        case .duplicate: throw .replayed(counter: counter)
        case .tooOld: throw .tooOld(counter: counter)
        }

        let bodyCount = packet.count - TransportHeader.overhead
        let header = UnsafeRawBufferPointer(start: base, count: TransportHeader.byteCount)
        let body = UnsafeMutableRawBufferPointer(start: base + TransportHeader.byteCount, count: bodyCount)
        let tag = UnsafeRawBufferPointer(
            start: base + TransportHeader.byteCount + bodyCount, count: TransportHeader.tagByteCount)
        let authentic: Bool
        switch which {
        case .current: authentic = Self.decrypt(current.key, counter: counter, header: header, body: body, tag: tag)
        case .upcoming: authentic = Self.decrypt(upcoming.key, counter: counter, header: header, body: body, tag: tag)
        case .previous:
            guard let key = previous else { throw .epochExpired(fields.epoch) }
            authentic = Self.decrypt(key, counter: counter, header: header, body: body, tag: tag)
        }
        guard authentic else { throw .authenticationFailed }

        window.commit(counter)
        if which == .upcoming { advanceEpoch(now: now) }
        return TransportHeader.byteCount..<(TransportHeader.byteCount + bodyCount)
    }
}
