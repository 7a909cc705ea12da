import Benchmark
import SkywireCrypto
import SkywireTransport

/// Long-lived state shared by the benchmarks: two sessions, one packet buffer, raw key bytes.
/// Benchmarks run one at a time on one thread, hence `@unchecked Sendable`.
final class PacketBenchState: @unchecked Sendable {
    let payloadLength: Int
    let buffer: UnsafeMutableRawBufferPointer
    let sender: TransportSession
    let receiver: TransportSession
    let rawKey: SecretBytes
    var rawCounter: UInt64 = 0
    var now: UInt64 = 1_000_000_000
    let window = ReplayWindowBox()
    var windowCounter: UInt64 = 0
    var epochKeys: EpochKeys

    init(payloadLength: Int) {
        self.payloadLength = payloadLength
        buffer = .allocate(byteCount: payloadLength + TransportHeader.overhead, alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let ab = SymmetricKey.random()  // also initialises libsodium (CPU-specific code paths)
        let ba = SymmetricKey.random()
        let noRekey = RekeyPolicy(rekeyAfterMessages: .max, rekeyAfterTime: .max, previousKeyOverlap: 0)
        sender = TransportSession(sendKey: ab, receiveKey: ba, localIndex: 1, remoteIndex: 2, now: now, policy: noRekey)
        receiver = TransportSession(sendKey: ba, receiveKey: ab, localIndex: 2, remoteIndex: 1, now: now, policy: noRekey)
        rawKey = SecretBytes(randomCount: SymmetricKey.byteCount)
        epochKeys = EpochKeys(handshakeKey: SymmetricKey.random())
    }

    func resetPayload() {
        for i in 0..<payloadLength { buffer[TransportHeader.byteCount + i] = UInt8(truncatingIfNeeded: i) }
    }

    /// Seal then open one packet; returns the payload length seen by the receiver.
    @inline(never)
    func transportRoundTrip() -> Int {
        now &+= 1_000
        let length = try! sender.seal(type: 4, payloadLength: payloadLength, in: buffer, now: now)
        let range = try! receiver.open(packet: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length]), now: now)
        return range.count
    }

    /// The same work with libsodium only: encrypt_detached then decrypt_detached, 16-byte AAD.
    @inline(never)
    func rawRoundTrip() -> Int {
        let counter = rawCounter
        rawCounter &+= 1
        let base = buffer.baseAddress!
        let header = UnsafeRawBufferPointer(start: base, count: TransportHeader.byteCount)
        let body = UnsafeMutableRawBufferPointer(start: base + TransportHeader.byteCount, count: payloadLength)
        let tag = UnsafeMutableRawBufferPointer(
            start: base + TransportHeader.byteCount + payloadLength, count: TransportHeader.tagByteCount)
        return rawKey.withUnsafeBytes { k in
            ChaChaPoly.sealRaw(key: k, counter: counter, associatedData: header, buffer: body, tag: tag)
            try! ChaChaPoly.openRaw(key: k, counter: counter, associatedData: header, buffer: body,
                                    tag: UnsafeRawBufferPointer(tag))
            return body.count
        }
    }

    @inline(never)
    func windowStep() -> Bool {
        let c = windowCounter
        windowCounter &+= 1
        let accepted = window.accept(c)
        let old = window.check(c &- 100) == .fresh
        return accepted != old
    }

    @inline(never)
    func epochStep() -> UInt64 {
        epochKeys = epochKeys.next()
        return epochKeys.epoch
    }
}

/// A class holding the noncopyable window so the shared state can mutate it in place.
final class ReplayWindowBox {
    private var window = ReplayWindow()
    @inline(__always) func accept(_ c: UInt64) -> Bool { window.accept(c) }
    @inline(__always) func check(_ c: UInt64) -> ReplayWindow.Verdict { window.check(c) }
}
