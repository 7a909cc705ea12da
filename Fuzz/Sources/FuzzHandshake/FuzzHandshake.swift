// The link handshake (Noise IK, HandshakeState.readMessage under LinkResponder / LinkInitiator),
// three ways (first input byte mod 3):
//
// 0  The rest is an initiation, read by a responder with a fixed key. Properties: no trap; a
//    refused initiation leaves the handshake failed; an accepted one names the only initiator key
//    that can have made it (the test key: nobody else can compute its `ss`), and can be answered.
// 1  The rest is a response to a fixed initiation. Properties: no trap; refused → failed.
// 2  Round trip with fuzzed time, payloads and optional bit flips. Properties: an intact exchange
//    succeeds and both sides agree on payloads, timestamp, keys and handshake hash; a flipped bit
//    anywhere in either message is refused; the same initiation read again is a replay.
import FuzzSupport
import SkywireCrypto
import SkywireNoise

let fixedNow: UInt64 = 1_700_000_000_123_456_789

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    switch input.byte() % 3 {
    case 0: readInitiation(input.rest())
    case 1: readResponse(input.rest())
    default: roundTrip(&input)
    }
    return 0
}

private func responder() -> LinkResponder {
    do { return try LinkResponder(localStatic: TestKeys.responder, ephemeral: TestKeys.responderEphemeral) } catch {
        fatalError("responder: \(error)")
    }
}

private func initiator() -> LinkInitiator {
    do {
        return try LinkInitiator(
            localStatic: TestKeys.initiator, remoteStatic: TestKeys.responder.publicKey,
            ephemeral: TestKeys.initiatorEphemeral)
    } catch {
        fatalError("initiator: \(error)")
    }
}

private func readInitiation(_ message: [UInt8]) {
    let r = responder()
    var replayGuard = InitiationReplayGuard(capacity: 4)
    do {
        let initiation = try r.readInitiation(message, replayGuard: &replayGuard)
        require(initiation.initiatorStatic == TestKeys.initiator.publicKey, "initiation from an unknown static key accepted")
        require(replayGuard.lastTimestamp(of: initiation.initiatorStatic) == initiation.timestamp, "guard not updated")
        _ = try r.response(payload: [])
        require(r.progress == .complete, "responder not complete after answering")
    } catch {
        require(r.progress == .failed, "refused initiation left progress \(r.progress): \(error)")
        require(replayGuard.count == 0, "a refused initiation was admitted into the replay guard")
    }
}

private func readResponse(_ message: [UInt8]) {
    let i = initiator()
    do {
        _ = try i.initiation(now: fixedNow)
        _ = try i.readResponse(message)
        require(i.progress == .complete, "initiator not complete after a response")
    } catch {
        require(i.progress == .failed, "refused response left progress \(i.progress): \(error)")
    }
}

private func roundTrip(_ input: inout FuzzInput) {
    let now = input.u64()
    let flipInitiation = Int(input.u16()), flipResponse = Int(input.u16())
    let payload = input.take(Int(input.u16() % 2048))
    let answer = input.rest()
    let i = initiator(), r = responder()
    var replayGuard = InitiationReplayGuard(capacity: 4)
    do {
        var message = try i.initiation(now: now, payload: payload)
        if flipInitiation != 0 {
            let bit = (flipInitiation - 1) % (message.count * 8)
            message[bit / 8] ^= 1 << UInt8(bit % 8)
            let accepted = try? r.readInitiation(message, replayGuard: &replayGuard)
            require(accepted == nil, "an initiation with bit \(bit) flipped was accepted")
            return
        }
        let initiation = try r.readInitiation(message, replayGuard: &replayGuard)
        require(initiation.initiatorStatic == TestKeys.initiator.publicKey, "initiator key")
        require(initiation.timestamp == InitiationTimestamp(now: now), "timestamp")
        require(initiation.payload == payload, "initiation payload")
        do {
            _ = try responder().readInitiation(message, replayGuard: &replayGuard)
            require(false, "a replayed initiation was accepted")
        } catch {
            guard case .replayedInitiation = error else { return require(false, "replay refused as \(error)") }
        }

        var (response, responderKeys) = try r.response(payload: answer)
        if flipResponse != 0 {
            let bit = (flipResponse - 1) % (response.count * 8)
            response[bit / 8] ^= 1 << UInt8(bit % 8)
            let read = try? i.readResponse(response)
            require(read == nil, "a response with bit \(bit) flipped was accepted")
            return
        }
        let (answerRead, initiatorKeys) = try i.readResponse(response)
        require(answerRead == answer, "response payload")
        require(sameKey(initiatorKeys.sendKey, responderKeys.receiveKey), "initiator → responder keys differ")
        require(sameKey(initiatorKeys.receiveKey, responderKeys.sendKey), "responder → initiator keys differ")
        require(sameKey(initiatorKeys.chainingKey, responderKeys.chainingKey), "chaining keys differ")
        require(initiatorKeys.handshakeHash == responderKeys.handshakeHash, "handshake hashes differ")
        require(initiatorKeys.remoteStatic == TestKeys.responder.publicKey, "initiator's view of the responder")
        require(responderKeys.remoteStatic == TestKeys.initiator.publicKey, "responder's view of the initiator")
    } catch {
        require(false, "an intact handshake failed: \(error)")
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
    do {
        let initiation = try initiator().initiation(now: fixedNow, payload: Array("hello".utf8))
        // Mode 1 answers the empty initiation at `fixedNow`, as readResponse makes it.
        let emptyInitiation = try initiator().initiation(now: fixedNow)
        let r = responder()
        var replayGuard = InitiationReplayGuard()
        _ = try r.readInitiation(emptyInitiation, replayGuard: &replayGuard)
        let (response, _) = try r.response(payload: Array("welcome".utf8))
        let roundTrip: [UInt8] = [2, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 0, 0, 3, 1, 2, 3, 9, 9]
        return [[0] + initiation, [0] + emptyInitiation, [1] + response, roundTrip]
    } catch {
        fatalError("seeds: \(error)")
    }
}
