import Benchmark
import SkywireCrypto
import SkywireNoise
import SkywireTransport

/// Packet-path benchmarks. Every benchmark builds its state once, outside the measured loop;
/// each inner iteration is one packet (or one window check / one epoch step).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let state = PacketBenchState(payloadLength: 1400)

    // (a) The transport: seal a 1400-byte payload in place, then open it on the other side.
    // Rekeying is off here (it allocates once per epoch; measured separately in (d)).
    Benchmark("Transport seal+open 1400 B") { benchmark in
        state.resetPayload()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(state.transportRoundTrip())
        }
    }

    // (b) The same bytes through libsodium directly (ChaChaPoly.sealRaw/openRaw), same AAD size.
    Benchmark("Raw libsodium encrypt+decrypt 1400 B") { benchmark in
        state.resetPayload()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(state.rawRoundTrip())
        }
    }

    // (c) Replay window: in-order accept (the common case) plus a check of an old counter.
    Benchmark("Replay window accept+check") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(state.windowStep())
        }
    }

    // (d) One HKDF epoch step (chain_e, key_e) -> (chain_e+1, key_e+1). Allocates by design.
    Benchmark("Rekey epoch step (HKDF)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(state.epochStep())
        }
    }

    handshakeBenchmarks()
}
