// TransportSession.open, two ways (first input byte, low bit):
//
// 0  Raw: the rest is records `length (2) ‖ time step (1) ‖ packet`, opened in turn by a session
//    with fixed keys. Properties: no trap; an accepted packet lies in 16 ..< count − 16; a counter
//    is never accepted twice; a refused packet leaves header and tag bytes as they were.
// 1  Model: a sender and a receiver session with a small rekey policy from the input, and a script
//    of operations (seal, deliver one of the last 16 packets, deliver it with one bit flipped, let
//    time pass). Properties, checked against a model of the epoch and replay rules: an intact
//    packet opens exactly when the model says it must (fresh counter; epoch current, next, or
//    previous within its overlap) and yields the sealed payload; a tampered packet never opens; a
//    refused packet changes nothing in the receiver.
import FuzzSupport
import SkywireCrypto
import SkywireTransport

let keyAB = TestKeys.symmetricKey(0x41)
let keyBA = TestKeys.symmetricKey(0x42)
let indexA: UInt32 = 0x0000_0a0a
let indexB: UInt32 = 0x0000_0b0b
let millisecond: UInt64 = 1_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    if input.byte() & 1 == 0 { raw(&input) } else { model(&input) }
    return 0
}

// MARK: Raw packets

/// The receiving side B of the fixed session: A's packets carry B's index and A→B's key.
private func raw(_ input: inout FuzzInput) {
    let session = TransportSession(sendKey: keyBA, receiveKey: keyAB, localIndex: indexB, remoteIndex: indexA, now: 0)
    var now: UInt64 = 0
    var accepted: Set<UInt64> = []
    while !input.isAtEnd {
        let length = Int(input.u16())
        now += UInt64(input.byte()) * 100 * millisecond
        var packet = input.take(length)
        let before = packet
        let counter = packet.count >= 16 ? packet[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : 0
        let result: Result<Range<Int>, TransportError> = packet.withUnsafeMutableBytes { buffer in
            Result { () throws(TransportError) in try session.open(packet: buffer, now: now) }
        }
        switch result {
        case .success(let range):
            require(range == 16..<(before.count - 16), "plaintext range \(range) of a \(before.count)-byte packet")
            require(accepted.insert(counter).inserted, "counter \(counter) accepted twice")
        case .failure(let error):
            checkUnchangedFraming(before, packet, error)
        }
    }
}

/// A refused packet keeps its header and tag. Its body too, except after a failed AEAD check:
/// libsodium's detached decrypt clears the output on failure, and the transport opens in place.
private func checkUnchangedFraming(_ before: [UInt8], _ after: [UInt8], _ error: TransportError) {
    guard before.count >= TransportHeader.overhead else {
        require(before == after, "a short packet was modified (\(error))")
        return
    }
    let bodyEnd = before.count - TransportHeader.tagByteCount
    require(before[..<16] == after[..<16], "a refused packet's header was modified (\(error))")
    require(before[bodyEnd...] == after[bodyEnd...], "a refused packet's tag was modified (\(error))")
    if error == .authenticationFailed {
        require(after[16..<bodyEnd].allSatisfy { $0 == 0 } || before == after, "body neither kept nor cleared")
    } else {
        require(before == after, "a packet refused before its AEAD check was modified (\(error))")
    }
}

// MARK: Model

private struct Sent {
    var packet: [UInt8]
    var payload: [UInt8]
    var counter: UInt64
    var epoch: UInt64
}

private func model(_ input: inout FuzzInput) {
    let policy = RekeyPolicy(
        rekeyAfterMessages: 1 + UInt64(input.byte() % 8),
        rekeyAfterTime: (1 + UInt64(input.byte() % 8)) * 250 * millisecond,
        previousKeyOverlap: UInt64(input.byte() % 8) * 250 * millisecond)
    let sender = TransportSession(sendKey: keyAB, receiveKey: keyBA, localIndex: indexA, remoteIndex: indexB, now: 0, policy: policy)
    let receiver = TransportSession(sendKey: keyBA, receiveKey: keyAB, localIndex: indexB, remoteIndex: indexA, now: 0, policy: policy)
    var now: UInt64 = 0
    var sent: [Sent] = []
    var accepted: Set<UInt64> = []
    var advancedAt: UInt64 = 0  // when the receiver entered its current epoch

    for _ in 0..<200 where !input.isAtEnd {
        let op = input.byte()
        switch op % 4 {
        case 0:
            let length = Int(input.byte())
            var payload = input.take(length)
            payload += [UInt8](repeating: 0, count: length - payload.count)
            var buffer = [UInt8](repeating: 0, count: TransportHeader.overhead + length)
            buffer.replaceSubrange(16..<(16 + length), with: payload)
            let counter = sender.nextSendCounter
            let result: Result<Int, TransportError> = buffer.withUnsafeMutableBytes { b in
                Result { () throws(TransportError) in try sender.seal(type: 0x04, payloadLength: length, in: b, now: now) }
            }
            guard case .success(let count) = result else {
                require(false, "seal failed: \(result)")
                return
            }
            require(count == buffer.count, "sealed length \(count), expected \(buffer.count)")
            sent.append(Sent(packet: buffer, payload: payload, counter: counter, epoch: sender.sendEpoch))
            if sent.count > 16 { sent.removeFirst() }
        case 1, 2:
            guard !sent.isEmpty else { continue }
            let which = sent[Int(input.byte()) % sent.count]
            let tamper = op % 4 == 2
            var packet = which.packet
            if tamper {
                let bit = Int(input.u16()) % (packet.count * 8)
                packet[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            let epoch = receiver.receiveEpoch, highest = receiver.highestReceivedCounter
            let fresh = !accepted.contains(which.counter)
            let epochUsable = which.epoch == epoch || which.epoch == epoch + 1
                || (epoch > 0 && which.epoch == epoch - 1 && now < advancedAt + policy.previousKeyOverlap)
            let result: Result<Range<Int>, TransportError> = packet.withUnsafeMutableBytes { b in
                Result { () throws(TransportError) in try receiver.open(packet: b, now: now) }
            }
            switch result {
            case .success(let range):
                require(!tamper, "a tampered packet opened")
                require(fresh, "counter \(which.counter) opened twice")
                require(epochUsable, "epoch \(which.epoch) opened at receiver epoch \(epoch)")
                require(Array(packet[range]) == which.payload, "opened payload differs from the sealed one")
                accepted.insert(which.counter)
                if which.epoch == epoch + 1 { advancedAt = now }
                require(receiver.receiveEpoch == max(epoch, which.epoch), "receiver epoch \(receiver.receiveEpoch)")
            case .failure(let error):
                require(tamper || !(fresh && epochUsable),
                        "intact packet (counter \(which.counter), epoch \(which.epoch), receiver at \(epoch)) refused: \(error)")
                require(tamper || error != .authenticationFailed, "an intact packet failed authentication")
                require(receiver.receiveEpoch == epoch && receiver.highestReceivedCounter == highest,
                        "a refused packet changed the receiver")
            }
        default:
            now += UInt64(input.byte()) * 50 * millisecond
        }
    }
}

// MARK: Seeds

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(seeds)
        runLibFuzzer(fuzz)
    }
}

private func seeds() -> [[UInt8]] {
    // Raw: A's packets to B (rekey every 2 packets), each as `length ‖ step ‖ packet`.
    let policy = RekeyPolicy(rekeyAfterMessages: 2, rekeyAfterTime: 3600 * 1_000 * millisecond, previousKeyOverlap: 1_000 * millisecond)
    let a = TransportSession(sendKey: keyAB, receiveKey: keyBA, localIndex: indexA, remoteIndex: indexB, now: 0, policy: policy)
    var stream: [UInt8] = [0]
    for i in 0..<5 {
        let payload: [UInt8] = [0x01, 0x00, 0x00] + [UInt8](repeating: UInt8(i), count: 8 * i)
        var buffer = [UInt8](repeating: 0, count: TransportHeader.overhead + payload.count)
        buffer.replaceSubrange(16..<(16 + payload.count), with: payload)
        let sealed: Result<Int, TransportError> = buffer.withUnsafeMutableBytes { b in
            Result { () throws(TransportError) in try a.seal(type: 0x04, payloadLength: payload.count, in: b, now: 0) }
        }
        guard case .success = sealed else { fatalError("seed seal") }
        stream += [UInt8(buffer.count >> 8), UInt8(buffer.count & 0xff), 1] + buffer
    }
    let oneRaw = Array(stream[..<(4 + 3 + 32)])
    // Model scripts: policy bytes, then operations (0 seal len bytes…, 1 deliver i, 2 tamper i bit, 3 wait t).
    let inOrder: [UInt8] = [1, 1, 3, 2] + [0, 4, 1, 2, 3, 4, 1, 0, 0, 2, 9, 9, 1, 1, 0, 0, 1, 2, 3, 4, 1, 2]
    let reordered: [UInt8] = [1, 0, 1, 1, 0, 1, 7, 0, 1, 8, 0, 0, 1, 2, 1, 0, 1, 1, 3, 30, 1, 0, 2, 0, 0, 17]
    return [oneRaw, stream, inOrder, reordered]
}
