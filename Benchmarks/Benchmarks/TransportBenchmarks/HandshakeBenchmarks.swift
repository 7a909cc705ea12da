import Benchmark
import SkywireCrypto
import SkywireNoise

/// (e) A whole link handshake (Noise IK over secp256k1, both sides, in one process): the
/// initiator writes message 1, the responder reads it and answers, the initiator reads the
/// answer; both sides split transport keys. Four ECDH per side plus key generation, so this is
/// the cost of bringing up one link (or one rehandshake).
func handshakeBenchmarks() {
    let initiatorKey = PrivateKey.generate()
    let responderKey = PrivateKey.generate()
    nonisolated(unsafe) var clock: UInt64 = 1_700_000_000_000_000_000

    Benchmark("Link handshake IK (both sides)", configuration: .init(maxDuration: .seconds(3), maxIterations: 2_000)) { benchmark in
        // One guard per run: each iteration's initiation carries a newer timestamp.
        var guardSet = InitiationReplayGuard()
        for _ in benchmark.scaledIterations {
            clock += 1_000
            do {
                let initiator = try LinkInitiator(localStatic: initiatorKey, remoteStatic: responderKey.publicKey)
                let first = try initiator.initiation(now: clock)
                let responder = try LinkResponder(localStatic: responderKey)
                _ = try responder.readInitiation(first, replayGuard: &guardSet)
                let (second, responderKeys) = try responder.response()
                let (_, initiatorKeys) = try initiator.readResponse(second)
                blackHole(responderKeys)
                blackHole(initiatorKeys)
            } catch {
                fatalError("handshake failed in the benchmark: \(error)")
            }
        }
    }
}
