import Foundation
import SkywireCrypto
import SkywireNoise
import SkywireTransport
import SkywireWire
import Testing

/// The byte-level test vectors of docs/protocol.md (§3.2, §3.3, §4.1, §4.2, §5), kept as a data
/// file: `Vectors/link-protocol.json`. A fixed-key IK link handshake (ephemeral keys injected),
/// the first transport packet after it, and a signed beacon. An implementation of the spec must
/// produce the same handshake and transport bytes and must accept the beacon.
///
/// `SKYWIRE_WRITE_VECTORS=1 swift test --filter ProtocolVectorTests` rewrites the file from this
/// implementation (only when the spec changes on purpose).
@Suite struct ProtocolVectorTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/link-protocol.json")

    static func key(_ byte: UInt8) throws -> PrivateKey { try PrivateKey(bytes: [UInt8](repeating: byte, count: 32)) }
    static func hex(_ bytes: some Sequence<UInt8>) -> String { Hex.encode(bytes) }

    static let wallClock: UInt64 = 1_764_000_000_000_000_000
    static let initiatorIndex: UInt32 = 0x0A0B_0C0D
    static let responderIndex: UInt32 = 0x0102_0304

    /// Everything derived deterministically from the fixed inputs.
    static func derive() throws -> [String: String] {
        let initiatorStatic = try key(0x11), responderStatic = try key(0x21)
        let initiator = try LinkInitiator(localStatic: initiatorStatic, remoteStatic: responderStatic.publicKey,
                                          ephemeral: try key(0x12))
        let first = try initiator.initiation(now: wallClock)
        let initiation = try first.withUnsafeBytes { noise in
            try ByteWriter.encode(capacity: 2048) { (w) throws(WireError) in
                try HandshakeInitiationEnvelope(senderIndex: initiatorIndex, noise: noise).encode(into: &w)
            }
        }
        let responder = try LinkResponder(localStatic: responderStatic, ephemeral: try key(0x22))
        var replayGuard = InitiationReplayGuard()
        let seen = try responder.readInitiation(first, replayGuard: &replayGuard)
        #expect(seen.initiatorStatic == initiatorStatic.publicKey)
        let (second, responderKeys) = try responder.response()
        let response = try second.withUnsafeBytes { noise in
            try ByteWriter.encode(capacity: 2048) { (w) throws(WireError) in
                try HandshakeResponseEnvelope(senderIndex: responderIndex, receiverIndex: initiatorIndex, noise: noise)
                    .encode(into: &w)
            }
        }
        let (_, initiatorKeys) = try initiator.readResponse(second)

        // The initiator's first transport packet: keepalive + probe(id 1, sent-at 2), counter 0.
        let sender = TransportSession(sendKey: initiatorKeys.sendKey, receiveKey: initiatorKeys.receiveKey,
                                      localIndex: initiatorIndex, remoteIndex: responderIndex, now: 0)
        var packet = [UInt8](repeating: 0, count: 128)
        let payloadLength = try packet.withUnsafeMutableBytes { raw in
            var frames = FrameWriter(UnsafeMutableRawBufferPointer(rebasing: raw[TransportHeader.byteCount...]))
            try frames.append(.keepalive) { _ in }
            try frames.append(.probe) { (w) throws(WireError) in try ProbeFrame(id: 1, sentAt: 2).encode(into: &w) }
            return frames.count
        }
        let plaintext = Array(packet[TransportHeader.byteCount..<(TransportHeader.byteCount + payloadLength)])
        let length = try packet.withUnsafeMutableBytes { raw in
            try sender.seal(type: MessageType.transportData.rawValue, payloadLength: payloadLength, in: raw, now: 0)
        }
        let sealed = Array(packet[0..<length])

        // The responder opens it with its own keys.
        let receiver = TransportSession(sendKey: responderKeys.sendKey, receiveKey: responderKeys.receiveKey,
                                        localIndex: responderIndex, remoteIndex: initiatorIndex, now: 0)
        var copy = sealed
        let range = try copy.withUnsafeMutableBytes { try receiver.open(packet: $0, now: 0) }
        #expect(Array(copy[range]) == plaintext)

        return [
            "initiator_static_private": hex(initiatorStatic.secret.exportedBytes()),
            "initiator_ephemeral_private": hex([UInt8](repeating: 0x12, count: 32)),
            "responder_static_private": hex(responderStatic.secret.exportedBytes()),
            "responder_ephemeral_private": hex([UInt8](repeating: 0x22, count: 32)),
            "initiator_static_public": hex(initiatorStatic.publicKey.compressed),
            "responder_static_public": hex(responderStatic.publicKey.compressed),
            "initiation_wall_clock_ns": String(wallClock),
            "initiation_datagram": hex(initiation),
            "response_datagram": hex(response),
            "handshake_hash": hex(initiatorKeys.handshakeHash),
            "initiator_send_key": hex(initiatorKeys.sendKey.secret.exportedBytes()),
            "initiator_receive_key": hex(initiatorKeys.receiveKey.secret.exportedBytes()),
            "first_transport_plaintext": hex(plaintext),
            "first_transport_datagram": hex(sealed),
        ]
    }

    static func signedBeacon() throws -> String {
        let beacon = Beacon(nodeKey: try key(0x11).publicKey, sequence: 1, capabilities: [.relay], linkPort: 6555,
                            endpoints: [.ipv4(address: 0x0A00_0001, port: 6555)])
        return hex(try beacon.encodeSigned(with: try key(0x11)))
    }

    @Test func vectorsMatch() throws {
        var derived = try Self.derive()
        if ProcessInfo.processInfo.environment["SKYWIRE_WRITE_VECTORS"] != nil {
            derived["beacon_datagram"] = try Self.signedBeacon()
            let data = try JSONSerialization.data(withJSONObject: derived, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: Self.file)
        }
        let stored = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: String])
        for (name, value) in derived where name != "beacon_datagram" {
            #expect(stored[name] == value, "\(name)")
        }
        // The beacon's signature used random auxiliary data: check that it decodes and verifies.
        let beaconHex = try #require(stored["beacon_datagram"])
        let beaconBytes = try #require(Hex.decode(beaconHex))
        let beacon = try Beacon.decodeVerified(beaconBytes)
        #expect(beacon.nodeKey == (try Self.key(0x11)).publicKey)
        #expect(beacon.sequence == 1 && beacon.linkPort == 6555 && beacon.capabilities == [.relay])
        #expect(beacon.endpoints == [.ipv4(address: 0x0A00_0001, port: 6555)])
    }
}
