// The routing frame bodies (SkywireRouting), chosen by the first input byte mod 4:
// 0 LinkStateRecord.decodeVerified / decodeUnverified, as is and re-signed with a test key;
// 1 RouteSetupFrame.decode; 2 RouteDataFrame.decode; 3 RouteTeardownFrame.decode.
// Properties: no trap; the verified and unverified decoders agree; a record re-signed with the
// test key (origin patched, valid signature over everything before its last 64 bytes) never fails
// with a bad signature, and a decoded record survives encodeSigned → decodeVerified; setup and
// teardown bodies that decode re-encode to the same bytes; a data body's payload is the rest.
import FuzzSupport
import SkywireCrypto
import SkywireRouting
import SkywireWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    switch data[0] % 4 {
    case 0:
        linkState(Array(body))
    case 1:
        if let frame = try? RouteSetupFrame.decode(body) {
            require((try? frame.encode()).map { $0.elementsEqual(body) } ?? false, "route setup re-encodes differently")
        }
    case 2:
        if let (label, payload) = try? RouteDataFrame.decode(body) {
            require(label.isAllocatable && payload.count == body.count - RouteDataFrame.headerSize, "route data split")
            require(payload.baseAddress == body.baseAddress.map { $0 + RouteDataFrame.headerSize }, "payload is not a view")
        }
    default:
        if let frame = try? RouteTeardownFrame.decode(body) {
            let again = try? ByteWriter.encode(capacity: RouteTeardownFrame.size) { (w) throws(WireError) in try frame.encode(into: &w) }
            require(again.map { $0.elementsEqual(body) } ?? false, "route teardown re-encodes differently")
        }
    }
    return 0
}

private func linkState(_ bytes: [UInt8]) {
    let unverified = bytes.withUnsafeBytes { try? LinkStateRecord.decodeUnverified($0) }
    if let verified = try? LinkStateRecord.decodeVerified(bytes) {
        require(unverified?.0 == verified, "verified record differs from the unverified one")
    }
    let originRange = 2..<(2 + PublicKey.byteCount)
    guard bytes.count >= LinkStateRecord.headerSize + LinkStateRecord.signatureSize,
          bytes.count <= LinkStateRecord.maxEncodedSize + 8 else { return }
    var signed = bytes
    signed.replaceSubrange(originRange, with: TestKeys.beacon.publicKey.compressed)
    let signedLength = signed.count - LinkStateRecord.signatureSize
    signed.replaceSubrange(signedLength..., with: TestKeys.beacon.signSchnorr(message: LinkStateRecord.domain + signed[..<signedLength]))
    let record: LinkStateRecord
    do {
        record = try LinkStateRecord.decodeVerified(signed)
    } catch {
        require(error != .badSignature, "a correctly signed link-state record failed to verify")
        return
    }
    do {
        let decoded = try LinkStateRecord.decodeVerified(try record.encodeSigned(with: TestKeys.beacon))
        require(decoded == record, "encodeSigned → decodeVerified changed the record")
    } catch {
        require(false, "re-encoding a decoded record failed: \(error)")
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
    let neighbours = [TestKeys.initiator.publicKey, TestKeys.responder.publicKey].sorted()
    let record = LinkStateRecord(
        origin: TestKeys.beacon.publicKey, sequence: 7, lifetimeSeconds: 3600,
        links: neighbours.map {
            LinkStateRecord.Link(neighbour: $0, confirmed: true, latencyMicros: 1500, lossPermille: 3, throughputKbps: 20_000)
        })
    let empty = LinkStateRecord(origin: TestKeys.beacon.publicKey, sequence: 1, lifetimeSeconds: 60, links: [])
    var seeds: [[UInt8]] = []
    for r in [record, empty] {
        guard let bytes = try? r.encodeSigned(with: TestKeys.beacon) else { fatalError("seed record") }
        seeds.append([0] + bytes)
    }
    var onion = [UInt8](repeating: 0x5a, count: RouteSetupLayout.onionSize)
    onion[0] = RouteSetupLayout.version
    let setup = RouteSetupFrame(forwardLabel: RouteLabel(rawValue: 0x10), reverseLabel: RouteLabel(rawValue: 0x8000_0011), onion: onion)
    guard let setupBytes = try? setup.encode() else { fatalError("seed setup") }
    seeds.append([1] + setupBytes)
    seeds.append([2] + RouteDataFrame.encode(label: RouteLabel(rawValue: 0x12), payload: [1, 2, 3]))
    seeds.append([3] + RouteTeardownFrame(label: RouteLabel(rawValue: 0x8000_0013), reason: .idle).encode())
    return seeds
}
