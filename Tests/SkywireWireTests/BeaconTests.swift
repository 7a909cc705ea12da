import SkywireCrypto
import Testing
@testable import SkywireWire

@Suite struct BeaconTests {
    let key = PrivateKey.generate()

    func sample() -> Beacon {
        Beacon(
            nodeKey: key.publicKey, sequence: 42, capabilities: [.relay, .wifi], linkPort: 6555,
            endpoints: [.ipv4(address: 0x0A00_0001, port: 6555),
                        .ipv6(high: 0xfe80_0000_0000_0000, low: 1, port: 6555)])
    }

    @Test func roundTrip() throws {
        let bytes = try sample().encodeSigned(with: key)
        #expect(try MessageType.of(bytes.withUnsafeBytes { UnsafeRawBufferPointer($0) }) == .beacon)
        let decoded = try Beacon.decodeVerified(bytes)
        #expect(decoded == sample())
    }

    @Test func signingWithAnotherKeyIsRefused() {
        #expect(throws: WireError.self) { try sample().encodeSigned(with: PrivateKey.generate()) }
    }

    @Test func everyFlippedBitIsRejected() throws {
        let bytes = try sample().encodeSigned(with: key)
        for i in 0..<bytes.count {
            var b = bytes
            b[i] ^= 0x01
            #expect(throws: WireError.self) { try Beacon.decodeVerified(b) }
        }
    }

    @Test func everyTruncationIsATypedError() throws {
        let bytes = try sample().encodeSigned(with: key)
        for n in 0..<bytes.count {
            #expect(throws: WireError.self) { try Beacon.decodeVerified(Array(bytes[0..<n])) }
        }
        #expect(throws: WireError.trailingBytes(1)) { try Beacon.decodeVerified(bytes + [0]) }
    }

    @Test func tooManyEndpointsRejected() {
        var b = sample()
        b.endpoints = Array(repeating: .ipv4(address: 1, port: 1), count: Beacon.maxEndpoints + 1)
        #expect(throws: WireError.invalidField("endpoint count")) { try b.encodeSigned(with: key) }
    }

    @Test func randomBytesNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<300, using: &rng)
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if n > 0 && Bool.random() { bytes[0] = MessageType.beacon.rawValue }
            if n > 1 && Bool.random() { bytes[1] = Beacon.version }
            _ = try? Beacon.decodeVerified(bytes)
        }
    }
}
