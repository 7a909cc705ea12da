import SkywireCrypto
import SkywireNoise
@testable import SkywireSession

let millisecond: UInt64 = 1_000_000
let second: UInt64 = 1_000_000_000

/// Fixed keys so runs are reproducible.
enum TestKeys {
    static let client = try! PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32))
    static let service = try! PrivateKey(bytes: [UInt8](repeating: 0x22, count: 32))
    static let otherService = try! PrivateKey(bytes: [UInt8](repeating: 0x33, count: 32))
}

/// A deterministic generator (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A client and a server session made by a real handshake.
struct SessionPair {
    let client: Session
    let server: Session
    let initiation: SessionInitiation
    let serverReply: [UInt8]

    init(clientConfig: SessionConfig = .default, serverConfig: SessionConfig = .default,
         zeroRTT: [UInt8] = [], reply: [UInt8] = [], now: UInt64 = 0) throws {
        let initiator = try SessionInitiator(
            localStatic: TestKeys.client, serviceKey: TestKeys.service.publicKey, port: 80,
            localIndex: 0x0C11_0001, config: clientConfig)
        let first = try initiator.initiation(wallClock: 1_700_000_000 * second, payload: zeroRTT)
        var guardian = InitiationReplayGuard()
        let responder = SessionResponder(serviceKeys: [TestKeys.service])
        initiation = try responder.readInitiation(first, replayGuard: &guardian)
        let accepted = try responder.accept(reply: reply, localIndex: 0x5E11_0002, now: now, config: serverConfig)
        let answer = try initiator.readResponse(accepted.response, now: now)
        client = answer.session
        server = accepted.session
        serverReply = answer.payload
    }
}

/// The test pattern: the byte at stream offset `i` is `pattern[i % period]` (a prime period,
/// so order and content errors show). Stored twice over so any `period`-long window is one slice.
enum Pattern {
    static let period = 65_521
    static let table: [UInt8] = (0..<(2 * period)).map { i in
        UInt8(truncatingIfNeeded: ((i % period) &* 2_654_435_761) >> 13)
    }
    static func byte(_ offset: UInt64) -> UInt8 { table[Int(offset % UInt64(period))] }

    /// Calls `body` with the pattern bytes of `offset ..< offset + count` (count ≤ period).
    static func withBytes<R>(at offset: UInt64, count: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let start = Int(offset % UInt64(period))
        return table.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
    }
}

/// Percentile (0…1) of a list of values.
func percentile(_ values: [UInt64], _ p: Double) -> UInt64 {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let index = min(sorted.count - 1, Int(Double(sorted.count - 1) * p))
    return sorted[index]
}

func ms(_ ns: UInt64) -> String {
    let tenths = (ns + 50_000) / 100_000
    return "\(tenths / 10).\(tenths % 10) ms"
}

func mbps(bytes: UInt64, over ns: UInt64) -> Double {
    Double(bytes) * 8 / (Double(ns) / 1e9) / 1e6
}
