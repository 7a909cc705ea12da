import SkywireCrypto
import SkywireRouting
import SkywireWire
import Testing

@Suite struct LinkStateRecordTests {
    let key = PrivateKey.generate()
    let neighbours = sortedKeys(3).map(\.publicKey)

    func sample(links: Int = 3) -> LinkStateRecord {
        let ns = links <= neighbours.count ? Array(neighbours.prefix(links)) : sortedKeys(links).map(\.publicKey)
        return LinkStateRecord(origin: key.publicKey, sequence: 7, lifetimeSeconds: 600, links: ns.enumerated().map { i, n in
            .init(neighbour: n, confirmed: i != 1, latencyMicros: UInt32(1000 * (i + 1)), lossPermille: UInt16(i * 10),
                  throughputKbps: UInt32(50_000 * (i + 1)))
        })
    }

    @Test func signedRecordRoundTrips() throws {
        let bytes = try sample().encodeSigned(with: key)
        #expect(bytes.count == LinkStateRecord.headerSize + 3 * LinkStateRecord.linkSize + LinkStateRecord.signatureSize)
        #expect(try LinkStateRecord.decodeVerified(bytes) == sample())
    }

    @Test func linksAreSortedWhenEncoded() throws {
        var r = sample()
        r.links.reverse()
        let decoded = try LinkStateRecord.decodeVerified(try r.encodeSigned(with: key))
        #expect(decoded == sample())
    }

    @Test func largestRecordFitsOnePacket() throws {
        let bytes = try sample(links: LinkStateRecord.maxLinks).encodeSigned(with: key)
        #expect(bytes.count == LinkStateRecord.maxEncodedSize)
        #expect(bytes.count + 3 + 32 <= 1232)  // frame header + transport overhead, IPv6 minimum MTU
        _ = try LinkStateRecord.decodeVerified(bytes)
    }

    @Test func everyFlippedBitIsRejected() throws {
        let bytes = try sample().encodeSigned(with: key)
        for i in 0..<bytes.count {
            for bit in [0, 7] {
                var b = bytes
                b[i] ^= UInt8(1 << bit)
                #expect(throws: LinkStateError.self) { try LinkStateRecord.decodeVerified(b) }
            }
        }
    }

    @Test func anotherSignerIsRejected() throws {
        #expect(throws: LinkStateError.signingKeyMismatch) { try sample().encodeSigned(with: PrivateKey.generate()) }
    }

    @Test func everyTruncationIsATypedError() throws {
        let bytes = try sample().encodeSigned(with: key)
        for n in 0..<bytes.count {
            #expect(throws: LinkStateError.self) { try LinkStateRecord.decodeVerified(Array(bytes[0..<n])) }
        }
        #expect(throws: LinkStateError.malformed(.trailingBytes(1))) { try LinkStateRecord.decodeVerified(bytes + [0]) }
    }

    @Test func rulesAreEnforced() throws {
        var tooMany = sample()
        tooMany.links = sortedKeys(LinkStateRecord.maxLinks + 1).map {
            .init(neighbour: $0.publicKey, confirmed: true, latencyMicros: 1, lossPermille: 0, throughputKbps: 1)
        }
        #expect(throws: LinkStateError.tooManyLinks(25)) { try tooMany.encodeSigned(with: key) }

        var duplicate = sample()
        duplicate.links.append(duplicate.links[0])
        #expect(throws: LinkStateError.neighboursNotSorted) { try duplicate.encodeSigned(with: key) }

        var selfLink = sample()
        selfLink.links[0].neighbour = key.publicKey
        #expect(throws: LinkStateError.self) { try selfLink.encodeSigned(with: key) }

        var loss = sample()
        loss.links[0].lossPermille = 1001
        #expect(throws: LinkStateError.lossOutOfRange(1001)) { try loss.encodeSigned(with: key) }

        var lifetime = sample()
        lifetime.lifetimeSeconds = 0
        #expect(throws: LinkStateError.lifetimeOutOfRange(0)) { try lifetime.encodeSigned(with: key) }
    }

    @Test func aDeclaredLinkCountAboveTheBoundIsRejectedBeforeParsing() throws {
        var bytes = try sample().encodeSigned(with: key)
        bytes[47] = 200
        #expect(throws: LinkStateError.tooManyLinks(200)) { try LinkStateRecord.decodeVerified(bytes) }
        bytes[47] = 3
        bytes[0] = 2
        #expect(throws: LinkStateError.unsupportedVersion(2)) { try LinkStateRecord.decodeVerified(bytes) }
    }

    @Test func randomBytesNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<400, using: &rng)
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if n > 0 { bytes[0] = 1 }
            if n > 47 { bytes[47] = UInt8.random(in: 0...4, using: &rng) }
            _ = try? LinkStateRecord.decodeVerified(bytes)
        }
    }
}
