import SkywireCrypto
import SkywireNoise
import Testing
@testable import SkywireSession

@Suite struct HandshakeTests {
    private func initiation(
        serviceKey: PublicKey = TestKeys.service.publicKey, payload: [UInt8] = [], wallClock: UInt64 = 1_000 * second
    ) throws -> (SessionInitiator, [UInt8]) {
        let initiator = try SessionInitiator(
            localStatic: TestKeys.client, serviceKey: serviceKey, port: 443, localIndex: 7)
        return (initiator, try initiator.initiation(wallClock: wallClock, payload: payload))
    }

    @Test func zeroRTTPayloadArrivesWithTheFirstMessage() throws {
        let zeroRTT = Array("GET / HTTP/1.1".utf8)
        let (initiator, first) = try initiation(payload: zeroRTT)
        #expect(first[0] == SessionMessageType.initiation.rawValue)
        var guardian = InitiationReplayGuard()
        let responder = SessionResponder(serviceKeys: [TestKeys.otherService, TestKeys.service])
        let seen = try responder.readInitiation(first, replayGuard: &guardian)
        #expect(seen.payload == zeroRTT)
        #expect(seen.port == 443)
        #expect(seen.clientKey == TestKeys.client.publicKey)
        #expect(seen.serviceKey == TestKeys.service.publicKey)
        #expect(seen.clientIndex == 7)

        let (response, server) = try responder.accept(reply: Array("200 OK".utf8), localIndex: 9, now: 0)
        #expect(response[0] == SessionMessageType.response.rawValue)
        let (reply, client) = try initiator.readResponse(response, now: 0)
        #expect(reply == Array("200 OK".utf8))
        #expect(client.peerKey == TestKeys.service.publicKey)
        #expect(server.peerKey == TestKeys.client.publicKey)
        #expect(client.handshakeHash == server.handshakeHash)
        #expect(client.remoteIndex == 9 && server.remoteIndex == 7)

        // The sessions talk at once: the server may send first (0.5-RTT).
        server.addRoute(RouteID(1), now: 0)
        client.addRoute(RouteID(1), now: 0)
        try server.sendDatagram(Array("hello".utf8))
        var packets: [[UInt8]] = []
        server.drainOutgoing(now: 1) { _, bytes in packets.append(Array(bytes)) }
        for packet in packets { try client.receive(packet: packet, on: RouteID(1), now: 2) }
        var got: [[UInt8]] = []
        client.drainDatagrams { got.append(Array($0)) }
        #expect(got == [Array("hello".utf8)])
    }

    @Test func wrongServiceKeyFails() throws {
        let (_, first) = try initiation(serviceKey: TestKeys.otherService.publicKey)
        var guardian = InitiationReplayGuard()
        let responder = SessionResponder(serviceKeys: [TestKeys.service])
        #expect(throws: SessionHandshakeError.handshake(.authenticationFailed)) {
            try responder.readInitiation(first, replayGuard: &guardian)
        }
        #expect(guardian.count == 0)
    }

    @Test func replayedFirstMessageIsRejected() throws {
        let (_, first) = try initiation()
        var guardian = InitiationReplayGuard()
        _ = try SessionResponder(serviceKeys: [TestKeys.service]).readInitiation(first, replayGuard: &guardian)
        let again = SessionResponder(serviceKeys: [TestKeys.service])
        #expect {
            try again.readInitiation(first, replayGuard: &guardian)
        } throws: { error in
            guard let error = error as? SessionHandshakeError, case .replayedInitiation = error else { return false }
            return true
        }
        // A fresh initiation (later clock) from the same client is fine.
        let (_, later) = try initiation(wallClock: 1_001 * second)
        _ = try SessionResponder(serviceKeys: [TestKeys.service]).readInitiation(later, replayGuard: &guardian)
    }

    @Test func tamperedMessagesGiveTypedErrors() throws {
        let (_, first) = try initiation(payload: [1, 2, 3])
        for position in [0, 1, 5, 8, 9, 20, 60, first.count - 1] {
            var tampered = first
            tampered[position] ^= 0x40
            var guardian = InitiationReplayGuard()
            let responder = SessionResponder(serviceKeys: [TestKeys.service])
            #expect(throws: SessionHandshakeError.self) { try responder.readInitiation(tampered, replayGuard: &guardian) }
            #expect(guardian.count == 0)
        }
        // Truncated at every length: an error, never a trap.
        for length in 0..<first.count {
            var guardian = InitiationReplayGuard()
            #expect(throws: SessionHandshakeError.self) {
                try SessionResponder(serviceKeys: [TestKeys.service]).readInitiation(Array(first[0..<length]), replayGuard: &guardian)
            }
        }
        // A tampered response.
        let (initiator, good) = try initiation(wallClock: 2_000 * second)
        var guardian = InitiationReplayGuard()
        let responder = SessionResponder(serviceKeys: [TestKeys.service])
        _ = try responder.readInitiation(good, replayGuard: &guardian)
        var (response, _) = try responder.accept(localIndex: 9, now: 0)
        response[response.count - 3] ^= 1
        #expect(throws: SessionHandshakeError.handshake(.authenticationFailed)) { try initiator.readResponse(response, now: 0) }
    }

    @Test func refusalIsAuthenticatedAndTyped() throws {
        let (initiator, first) = try initiation()
        var guardian = InitiationReplayGuard()
        let responder = SessionResponder(serviceKeys: [TestKeys.service])
        _ = try responder.readInitiation(first, replayGuard: &guardian)
        let answer = try responder.refuse(status: SessionHandshake.statusNoSuchPort)
        #expect(throws: SessionHandshakeError.refused(status: SessionHandshake.statusNoSuchPort)) {
            try initiator.readResponse(answer, now: 0)
        }
    }

    @Test func zeroIndexAndOversizedPayloadAreRefused() throws {
        #expect(throws: SessionHandshakeError.zeroIndex) {
            try SessionInitiator(localStatic: TestKeys.client, serviceKey: TestKeys.service.publicKey, port: 1, localIndex: 0)
        }
        let initiator = try SessionInitiator(
            localStatic: TestKeys.client, serviceKey: TestKeys.service.publicKey, port: 1, localIndex: 1)
        #expect(throws: SessionHandshakeError.self) {
            try initiator.initiation(wallClock: 1, payload: [UInt8](repeating: 0, count: 70_000))
        }
    }

    @Test func sessionPacketsAreAuthenticated() throws {
        let pair = try SessionPair()
        pair.client.addRoute(RouteID(1), now: 0)
        _ = try pair.client.write(Array("stream".utf8))
        var packets: [[UInt8]] = []
        pair.client.drainOutgoing(now: 0) { _, bytes in packets.append(Array(bytes)) }
        #expect(!packets.isEmpty)
        let index = packets[0].withUnsafeBytes { SessionMessageType.receiverIndex(of: $0) }
        #expect(index == pair.server.localIndex)
        var forged = packets[0]
        forged[forged.count - 1] ^= 1
        #expect(throws: SessionError.transport(.authenticationFailed)) {
            try pair.server.receive(packet: forged, on: RouteID(1), now: 1)
        }
        try pair.server.receive(packet: packets[0], on: RouteID(1), now: 1)
        #expect(throws: SessionError.transport(.replayed(counter: 0))) {
            try pair.server.receive(packet: packets[0], on: RouteID(1), now: 1)
        }
        var wrongType = packets[0]
        wrongType[0] = 0x04
        #expect(throws: SessionError.notTransportPacket(0x04)) { try pair.server.receive(packet: wrongType, on: RouteID(1), now: 1) }
        #expect(pair.server.stats.packetsRejected == 3)
    }
}
