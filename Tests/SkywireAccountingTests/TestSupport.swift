import Foundation
import SkywireCrypto
@testable import SkywireAccounting

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "skywire-accounting-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    func size(of name: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int) ?? -1
    }

    func totalSize() -> Int { files().reduce(0) { $0 + size(of: $1) } }
}

/// A receipt chain for tests: `receiver` signs receipts about traffic from `sender`.
struct ChainMaker {
    let receiverKey = PrivateKey.generate()
    let sender = PrivateKey.generate().publicKey
    var issuer: ReceiptIssuer
    var ledgerBytes: UInt64 = 0
    var ledgerPackets: UInt64 = 0
    var now: UInt64 = 1_700_000_000

    init() {
        issuer = ReceiptIssuer(receiver: receiverKey.publicKey, sender: sender, now: now)
    }

    mutating func next(bytes: UInt64 = 1500, packets: UInt64 = 1) throws -> Receipt {
        ledgerBytes += bytes
        ledgerPackets += packets
        now += 60
        return try issuer.issue(now: now, ledgerBytes: ledgerBytes, ledgerPackets: ledgerPackets, key: receiverKey)
    }
}

struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}
