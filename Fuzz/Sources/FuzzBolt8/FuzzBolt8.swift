// BOLT 8's message stream (Bolt8StreamCipher), two ways (first input byte, low bit):
//
// 0  The rest is a received stream (`sealed length (18) ‖ sealed body (length + 16)`…), opened by
//    a receiving cipher with fixed keys until the first refusal. Property: no trap.
// 1  Round trip: messages from the input, repeated enough times to cross key rotations (every
//    1000 AEAD uses), sealed by a sender and opened by a receiver, optionally with one bit of the
//    stream flipped. Properties: an intact stream gives back every message in order; a stream with
//    a flipped bit is refused at the latest at the message holding that bit.
import FuzzSupport
import SkywireCrypto
import SkywireNoise

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    if input.byte() & 1 == 0 { receive(&input) } else { roundTrip(&input) }
    return 0
}

private func cipher() -> Bolt8StreamCipher {
    Bolt8StreamCipher(key: TestKeys.symmetricKey(0x51), chainingKey: TestKeys.symmetricKey(0x52))
}

private func receive(_ input: inout FuzzInput) {
    var receiver = cipher()
    while input.remaining >= Bolt8StreamCipher.headerByteCount {
        guard let length = try? receiver.openLength(input.take(Bolt8StreamCipher.headerByteCount)) else { return }
        require(length <= Bolt8StreamCipher.maximumMessageLength, "length \(length)")
        let sealed = input.take(length + ChaChaPoly.tagByteCount)
        guard sealed.count == length + ChaChaPoly.tagByteCount, let body = try? receiver.openBody(sealed) else { return }
        require(body.count == length, "opened \(body.count) bytes, announced \(length)")
    }
}

private func roundTrip(_ input: inout FuzzInput) {
    // One input in 8 repeats its messages past the first key rotation (1000 AEAD uses, 2 per message).
    let crossRotation = input.byte() % 8 == 0
    let flip = Int(input.u32())
    var messages: [[UInt8]] = []
    while !input.isAtEnd && messages.count < 32 { messages.append(input.take(Int(input.byte()))) }
    if messages.isEmpty { messages = [[]] }
    let perRotation = Int(Bolt8StreamCipher.rotationInterval) / 2
    let repeats = crossRotation ? (perRotation + messages.count) / messages.count : 1

    var sender = cipher()
    var stream: [UInt8] = []
    var ends: [Int] = []  // where each sealed message ends in the stream
    for n in 0..<(repeats * messages.count) {
        do { stream += try sender.seal(messages[n % messages.count]) } catch {
            return require(false, "seal failed: \(error)")
        }
        ends.append(stream.count)
    }
    var flippedMessage = Int.max
    if flip != 0 {
        let bit = (flip - 1) % (stream.count * 8)
        stream[bit / 8] ^= 1 << UInt8(bit % 8)
        flippedMessage = ends.firstIndex { $0 > bit / 8 } ?? Int.max
    }

    var receiver = cipher()
    var at = 0
    for n in 0..<ends.count {
        let expected = messages[n % messages.count]
        do {
            let length = try receiver.openLength(Array(stream[at..<(at + Bolt8StreamCipher.headerByteCount)]))
            at += Bolt8StreamCipher.headerByteCount
            guard at + length + ChaChaPoly.tagByteCount <= stream.count else {
                return require(n >= flippedMessage, "message \(n) runs past the stream")
            }
            let body = try receiver.openBody(Array(stream[at..<(at + length + ChaChaPoly.tagByteCount)]))
            at += length + ChaChaPoly.tagByteCount
            require(n < flippedMessage, "message \(n) holding a flipped bit opened")
            require(body == expected, "message \(n) differs after the round trip")
        } catch {
            return require(n >= flippedMessage, "intact message \(n) refused: \(error)")
        }
    }
    require(flip == 0 || flippedMessage == Int.max, "a flipped stream opened completely")
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
    var sender = cipher()
    var stream: [UInt8] = [0]
    for message in [Array("hello".utf8), [], [UInt8](repeating: 0x61, count: 300)] {
        do { stream += try sender.seal(message) } catch { fatalError("seed: \(error)") }
    }
    let roundTrip: [UInt8] = [1, 1, 0, 0, 0, 0, 3, 1, 2, 3, 0, 5, 9, 8, 7, 6, 5]
    let rotating: [UInt8] = [1, 0, 0, 0, 0, 0, 1, 0x42]
    return [stream, roundTrip, rotating]
}
