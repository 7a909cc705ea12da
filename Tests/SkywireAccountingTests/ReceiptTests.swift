import Testing
import SkywireCrypto
import SkywireWire
@testable import SkywireAccounting

@Suite struct ReceiptTests {
    @Test func signsEncodesAndVerifies() throws {
        var chain = ChainMaker()
        let receipt = try chain.next(bytes: 123_456, packets: 100)
        let encoded = receipt.encoded
        #expect(encoded.count == Receipt.encodedSize)
        #expect(encoded[0] == 1)
        let decoded = try Receipt(decoding: encoded)
        #expect(decoded == receipt)
        #expect(decoded.claim.sequence == 1)
        #expect(decoded.claim.bytes == 123_456 && decoded.claim.totalBytes == 123_456)
        #expect(decoded.claim.previousHash == [UInt8](repeating: 0, count: 32))
        #expect(decoded.hash == SHA256.hash(Receipt.domain + Array(encoded[0..<158])))
        #expect(chain.receiverKey.publicKey.verifySchnorr(signature: decoded.signature, message: decoded.hash))
    }

    @Test func everyFlippedBitIsRejected() throws {
        var chain = ChainMaker()
        _ = try chain.next()
        let encoded = try chain.next(bytes: 9_999, packets: 7).encoded
        var accepted = 0
        for bit in 0..<(encoded.count * 8) {
            var tampered = encoded
            tampered[bit / 8] ^= UInt8(1) << (bit % 8)
            if (try? Receipt(decoding: tampered)) != nil { accepted += 1 }
        }
        #expect(accepted == 0)
        // And the specific reasons for a few fields.
        var count = encoded; count[100] ^= 1
        #expect(throws: ReceiptError.badSignature) { try Receipt(decoding: count) }
        var version = encoded; version[0] = 2
        #expect(throws: ReceiptError.unsupportedVersion(2)) { try Receipt(decoding: version) }
        var reserved = encoded; reserved[2] = 1
        #expect(throws: ReceiptError.reservedNotZero) { try Receipt(decoding: reserved) }
        var key = encoded; key[4] = 0x05
        #expect(throws: ReceiptError.invalidKey) { try Receipt(decoding: key) }
        #expect(throws: ReceiptError.wrongLength(221)) { try Receipt(decoding: Array(encoded.dropLast())) }
    }

    @Test func aReceiptSignedByAnotherKeyIsRejected() throws {
        let chain = ChainMaker()
        let claim = ReceiptClaim(
            receiver: chain.receiverKey.publicKey, sender: chain.sender, sequence: 1, periodStart: 1, periodEnd: 2,
            bytes: 10, packets: 1, totalBytes: 10, totalPackets: 1, previousHash: [UInt8](repeating: 0, count: 32))
        #expect(throws: ReceiptError.inconsistent("signer is not the receiver")) {
            try Receipt(signing: claim, with: PrivateKey.generate())
        }
        // Forge: sign the bytes with another key and splice the signature in.
        let genuine = try Receipt(signing: claim, with: chain.receiverKey)
        let forged = Array(genuine.encoded[0..<158]) + PrivateKey.generate().signSchnorr(message: genuine.hash)
        #expect(throws: ReceiptError.badSignature) { try Receipt(decoding: forged) }
    }

    @Test func claimRules() throws {
        let key = PrivateKey.generate()
        let other = PrivateKey.generate().publicKey
        let zero = [UInt8](repeating: 0, count: 32)
        func claim(sender: PublicKey? = nil, sequence: UInt64 = 1, start: UInt64 = 1, end: UInt64 = 2, bytes: UInt64 = 5,
                   packets: UInt64 = 1, totalBytes: UInt64 = 5, totalPackets: UInt64 = 1, previous: [UInt8]? = nil) -> ReceiptClaim {
            ReceiptClaim(receiver: key.publicKey, sender: sender ?? other, sequence: sequence, periodStart: start,
                         periodEnd: end, bytes: bytes, packets: packets, totalBytes: totalBytes,
                         totalPackets: totalPackets, previousHash: previous ?? zero)
        }
        let cases: [(ReceiptClaim, StaticString)] = [
            (claim(sender: key.publicKey), "receiver and sender are the same key"),
            (claim(sequence: 0), "sequence 0"),
            (claim(start: 5, end: 4), "period ends before it starts"),
            (claim(totalBytes: 4), "total below the period"),
            (claim(bytes: 5, packets: 0, totalBytes: 5, totalPackets: 0), "bytes without packets"),
            (claim(previous: [1]), "previous hash length"),
            (claim(sequence: 2), "previous hash and sequence disagree"),
            (claim(totalBytes: 6, totalPackets: 2), "first receipt's totals differ from its period"),
        ]
        for (bad, reason) in cases {
            #expect(throws: ReceiptError.inconsistent(reason)) { try Receipt(signing: bad, with: key) }
        }
        // An empty period is a valid receipt (nothing received, chain kept alive).
        #expect(throws: Never.self) {
            try Receipt(signing: claim(bytes: 0, packets: 0, totalBytes: 0, totalPackets: 0), with: key)
        }
    }

    @Test func decoderIsTotalOnRandomBytes() {
        var random = TestRandom(state: 3)
        for round in 0..<20_000 {
            var bytes = random.bytes(round % 3 == 0 ? Receipt.encodedSize : Int(random.next() % 300))
            if bytes.count == Receipt.encodedSize, round % 2 == 0 {
                bytes[0] = 1; bytes[1] = 0; bytes[2] = 0; bytes[3] = 0; bytes[4] = 2; bytes[37] = 3
            }
            #expect((try? Receipt(decoding: bytes)) == nil)
        }
    }

    @Test func receiptFrame() throws {
        var chain = ChainMaker()
        let receipt = try chain.next()
        var buffer = [UInt8](repeating: 0, count: 400)
        let count = try buffer.withUnsafeMutableBytes { raw in
            var writer = FrameWriter(raw)
            try ReceiptFrame.append(receipt, to: &writer)
            return writer.count
        }
        #expect(count == 3 + Receipt.encodedSize)
        #expect(Array(buffer[0..<3]) == [0x20, 0x00, 0xDE])
        #expect(ReceiptFrame.type < 0x80)  // critical
        let decoded = try buffer.withUnsafeBytes { raw in
            try ReceiptFrame.decode(body: UnsafeRawBufferPointer(rebasing: raw[3..<count]))
        }
        #expect(decoded == receipt)
    }
}
