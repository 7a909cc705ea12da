import Testing
@testable import SkywireWire

@Suite struct EnvelopeTests {
    @Test func initiationRoundTripAndBounds() throws {
        let noise = [UInt8](repeating: 7, count: HandshakeInitiationEnvelope.minNoiseSize + 10)
        let bytes = try noise.withUnsafeBytes { n in
            try ByteWriter.encode(capacity: 2000) { (w) throws(WireError) in
                try HandshakeInitiationEnvelope(senderIndex: 0xDEADBEEF, noise: n).encode(into: &w)
            }
        }
        try bytes.withUnsafeBytes { raw in
            let e = try HandshakeInitiationEnvelope.decode(raw)
            #expect(e.senderIndex == 0xDEADBEEF)
            #expect(Array(e.noise) == noise)
            for n in 0..<(HandshakeInitiationEnvelope.headerSize + HandshakeInitiationEnvelope.minNoiseSize) {
                #expect(throws: WireError.self) {
                    try HandshakeInitiationEnvelope.decode(UnsafeRawBufferPointer(rebasing: raw[0..<n]))
                }
            }
        }
        var reserved = bytes
        reserved[2] = 1
        try reserved.withUnsafeBytes { raw in
            #expect(throws: WireError.invalidField("reserved")) { try HandshakeInitiationEnvelope.decode(raw) }
        }
    }

    @Test func responseRoundTrip() throws {
        let noise = [UInt8](repeating: 3, count: HandshakeResponseEnvelope.minNoiseSize)
        let bytes = try noise.withUnsafeBytes { n in
            try ByteWriter.encode(capacity: 200) { (w) throws(WireError) in
                try HandshakeResponseEnvelope(senderIndex: 1, receiverIndex: 2, noise: n).encode(into: &w)
            }
        }
        try bytes.withUnsafeBytes { raw in
            let e = try HandshakeResponseEnvelope.decode(raw)
            #expect(e.senderIndex == 1 && e.receiverIndex == 2 && Array(e.noise) == noise)
            #expect(throws: WireError.self) { try HandshakeInitiationEnvelope.decode(raw) }
        }
    }

    @Test func messageTypeOfEveryByte() {
        for b in 0...255 {
            let bytes: [UInt8] = [UInt8(b)]
            bytes.withUnsafeBytes { raw in
                let t = try? MessageType.of(raw)
                #expect((t != nil) == (MessageType(rawValue: UInt8(b)) != nil))
            }
        }
        [UInt8]().withUnsafeBytes { raw in #expect(throws: WireError.self) { try MessageType.of(raw) } }
    }
}
