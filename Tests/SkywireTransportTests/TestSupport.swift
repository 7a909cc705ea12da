import SkywireCrypto
@testable import SkywireTransport

/// Two ends of one session: `a` sends with `keyAB` to `b`, `b` sends with `keyBA` to `a`.
struct SessionPair {
    static let indexA: UInt32 = 0x0A0A_0001
    static let indexB: UInt32 = 0x0B0B_0002
    let keyAB = SymmetricKey.random()
    let keyBA = SymmetricKey.random()
    let a: TransportSession
    let b: TransportSession

    init(policy: RekeyPolicy = .default, now: UInt64 = 0, firstSendCounter: UInt64 = 0) {
        a = TransportSession(
            sendKey: keyAB, receiveKey: keyBA, localIndex: Self.indexA, remoteIndex: Self.indexB,
            now: now, policy: policy, firstSendCounter: firstSendCounter)
        b = TransportSession(
            sendKey: keyBA, receiveKey: keyAB, localIndex: Self.indexB, remoteIndex: Self.indexA,
            now: now, policy: policy, firstSendCounter: firstSendCounter)
    }
}

/// Seals `payload` with `session` into a fresh array holding exactly the packet.
func seal(
    _ session: TransportSession, _ payload: [UInt8], type: UInt8 = 0x04, now: UInt64 = 0
) -> Result<[UInt8], TransportError> {
    var buffer = [UInt8](repeating: 0, count: TransportHeader.overhead + payload.count)
    buffer.replaceSubrange(16..<(16 + payload.count), with: payload)
    let result: Result<Int, TransportError> = buffer.withUnsafeMutableBytes { raw in
        do throws(TransportError) {
            return .success(try session.seal(type: type, payloadLength: payload.count, in: raw, now: now))
        } catch {
            return .failure(error)
        }
    }
    return result.map { Array(buffer[0..<$0]) }
}

/// Seals and unwraps (for tests where sealing cannot fail).
func mustSeal(_ session: TransportSession, _ payload: [UInt8], now: UInt64 = 0) throws -> [UInt8] {
    try seal(session, payload, now: now).get()
}

/// Opens a copy of `packet` with `session`; the plaintext payload on success.
func open(_ session: TransportSession, _ packet: [UInt8], now: UInt64 = 0) -> Result<[UInt8], TransportError> {
    var buffer = packet
    return buffer.withUnsafeMutableBytes { raw in
        do throws(TransportError) {
            let range = try session.open(packet: raw, now: now)
            return .success(Array(raw[range]))
        } catch {
            return .failure(error)
        }
    }
}

/// The error of `result`, or nil on success.
func failure<T>(_ result: Result<T, TransportError>) -> TransportError? {
    if case .failure(let e) = result { return e }
    return nil
}

func payload(_ n: Int, seed: UInt8 = 1) -> [UInt8] {
    (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}
