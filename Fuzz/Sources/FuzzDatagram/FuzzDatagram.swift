// Any datagram, as the link layer first sees it: MessageType.of, then the decoder its type selects
// (handshake envelopes, the transport header; beacons have their own harness, FuzzBeacon).
// Properties: a type is found exactly for a non-empty datagram whose first byte is a known type;
// an envelope that decodes re-encodes to the same bytes; a transport header that parses has the
// fields at the offsets docs/protocol.md gives, and parses exactly when the packet holds header + tag.
import FuzzSupport
import SkywireCrypto
import SkywireTransport
import SkywireWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let type: MessageType
    do {
        type = try MessageType.of(input)
    } catch {
        require(size == 0 || MessageType(rawValue: input[0]) == nil, "MessageType.of refused a known type: \(error)")
        return 0
    }
    require(type.rawValue == input[0], "MessageType.of returned \(type) for first byte \(input[0])")

    switch type {
    case .beacon:
        // Parsing up to the signature is covered here; FuzzBeacon also covers valid signatures.
        _ = try? Beacon.decodeVerified(input)
    case .handshakeInitiation:
        if let envelope = try? HandshakeInitiationEnvelope.decode(input) {
            let again = encoded(size) { (w) throws(WireError) in try envelope.encode(into: &w) }
            require(again.elementsEqual(input), "initiation envelope does not re-encode to its bytes")
            require(envelope.noise.count == size - HandshakeInitiationEnvelope.headerSize, "initiation noise length")
        }
    case .handshakeResponse:
        if let envelope = try? HandshakeResponseEnvelope.decode(input) {
            let again = encoded(size) { (w) throws(WireError) in try envelope.encode(into: &w) }
            require(again.elementsEqual(input), "response envelope does not re-encode to its bytes")
            require(envelope.noise.count == size - HandshakeResponseEnvelope.headerSize, "response noise length")
        }
    case .transportData:
        checkTransportHeader(input)
    }
    return 0
}

/// Encodes with `body` into a buffer of `capacity` bytes (exactly what the input had).
private func encoded(_ capacity: Int, _ body: (inout ByteWriter) throws(WireError) -> Void) -> [UInt8] {
    do {
        return try ByteWriter.encode(capacity: capacity, body)
    } catch {
        require(false, "re-encoding a decoded value failed: \(error)")
        return []
    }
}

private func checkTransportHeader(_ input: UnsafeRawBufferPointer) {
    let fields: TransportHeader.Fields
    do {
        fields = try TransportHeader.parse(input)
    } catch {
        require(input.count < TransportHeader.overhead, "header of a \(input.count)-byte packet refused: \(error)")
        return
    }
    require(input.count >= TransportHeader.overhead, "header parsed from a \(input.count)-byte packet")
    func be(_ from: Int, _ count: Int) -> UInt64 { input[from..<from + count].reduce(0) { $0 << 8 | UInt64($1) } }
    let expected = TransportHeader.Fields(
        type: input[0], epoch: input[1], flags: UInt16(be(2, 2)), receiverIndex: UInt32(be(4, 4)), counter: be(8, 8))
    require(fields == expected, "header fields \(fields) differ from \(expected)")
}

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(Seeds.all)
        runLibFuzzer(fuzz)
    }
}

enum Seeds {
    static func all() -> [[UInt8]] {
        var seeds: [[UInt8]] = [[0x01], [0x05], [0x04] + [UInt8](repeating: 0, count: 31)]
        let noise1 = [UInt8](repeating: 0xa5, count: HandshakeInitiationEnvelope.minNoiseSize)
        let noise2 = [UInt8](repeating: 0x5a, count: HandshakeResponseEnvelope.minNoiseSize + 4)
        seeds.append([0x02, 0, 0, 0, 0x12, 0x34, 0x56, 0x78] + noise1)
        seeds.append([0x03, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0] + noise2)
        // A transport packet: type 4, epoch 1, flags 0, receiver index 1, counter 7, 8 bytes, tag.
        seeds.append([0x04, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7] + [UInt8](repeating: 0xee, count: 24))
        return seeds
    }
}
