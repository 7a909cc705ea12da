// Beacon.decodeVerified on any bytes, and on the same bytes re-signed with a test key.
// Properties: decoding never traps; a beacon that verifies re-encodes (by the layout of
// docs/protocol.md, written here independently) to exactly its signed bytes; when the input is
// patched to carry the test key and a valid signature over everything before its last 64 bytes,
// decoding never fails with a bad signature (it fails for another reason or succeeds), and a
// decoded beacon survives encodeSigned → decodeVerified unchanged.
import FuzzSupport
import SkywireCrypto
import SkywireWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: data, count: size))
    if let beacon = try? Beacon.decodeVerified(input) {
        require(body(of: beacon) == Array(input.dropLast(Beacon.signatureSize)), "verified beacon re-encodes differently")
    }
    let keyRange = 8..<(8 + PublicKey.byteCount)
    let smallest = 52 + Beacon.signatureSize
    guard size >= smallest, size <= Beacon.maxSize + 8 else { return 0 }

    var signed = input
    signed.replaceSubrange(keyRange, with: TestKeys.beacon.publicKey.compressed)
    let signedLength = size - Beacon.signatureSize
    let signature = TestKeys.beacon.signSchnorr(message: Beacon.domain + signed[..<signedLength])
    signed.replaceSubrange(signedLength..., with: signature)
    let beacon: Beacon
    do {
        beacon = try Beacon.decodeVerified(signed)
    } catch {
        require(error != .invalidField("signature"), "a correctly signed beacon failed to verify")
        return 0
    }
    require(beacon.nodeKey == TestKeys.beacon.publicKey, "node key")
    require(body(of: beacon) == Array(signed[..<signedLength]), "re-signed beacon re-encodes differently")
    do {
        let again = try beacon.encodeSigned(with: TestKeys.beacon)
        let decoded = try Beacon.decodeVerified(again)
        require(decoded == beacon, "encodeSigned → decodeVerified changed the beacon")
    } catch {
        require(false, "encodeSigned / decodeVerified of a decoded beacon failed: \(error)")
    }
    return 0
}

/// The signed part of `beacon`, by the documented layout (not by Beacon's own encoder).
private func body(of beacon: Beacon) -> [UInt8] {
    do {
        return try ByteWriter.encode(capacity: Beacon.maxSize) { (w) throws(WireError) in
            try w.u8(MessageType.beacon.rawValue)
            try w.u8(Beacon.version)
            try w.u16(0)
            try w.u32(beacon.capabilities.rawValue)
            try w.publicKey(beacon.nodeKey)
            try w.u64(beacon.sequence)
            try w.u16(beacon.linkPort)
            try w.u8(UInt8(beacon.endpoints.count))
            for endpoint in beacon.endpoints { try endpoint.encode(into: &w) }
        }
    } catch {
        require(false, "re-encoding a decoded beacon failed: \(error)")
        return []
    }
}

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(seeds)
        runLibFuzzer(fuzz)
    }
}

private func seeds() -> [[UInt8]] {
    let endpointLists: [[WireEndpoint]] = [
        [],
        [.ipv4(address: 0xc0a8_0102, port: 7946)],
        [.ipv4(address: 0x0a00_0001, port: 1), .ipv6(high: 0xfe80_0000_0000_0000, low: 0x1, port: 7946)],
        (0..<Beacon.maxEndpoints).map { .ipv6(high: 0x2001_0db8_0000_0000, low: UInt64($0), port: 7946) },
    ]
    return endpointLists.enumerated().compactMap { i, endpoints in
        let beacon = Beacon(
            nodeKey: TestKeys.beacon.publicKey, sequence: 1_700_000_000_000_000 + UInt64(i),
            capabilities: i.isMultiple(of: 2) ? [.relay] : [.relay, .gateway, .wifi],
            linkPort: 7946, endpoints: endpoints)
        return try? beacon.encodeSigned(with: TestKeys.beacon)
    }
}
