import SkywireCrypto
import SkywireWire

/// What a receipt states, before it is signed: how much the **receiver** got from the
/// **sender** on their link in one period (docs/protocol.md §11).
public struct ReceiptClaim: Equatable, Sendable {
    /// The neighbour that received the traffic and signs the receipt.
    public var receiver: PublicKey
    /// The neighbour that sent the traffic.
    public var sender: PublicKey
    /// 1 for the pair's first receipt, then +1 each time (per receiver → sender direction).
    public var sequence: UInt64
    /// The period, in Unix seconds of the receiver's clock (informative; order is by sequence).
    public var periodStart: UInt64
    public var periodEnd: UInt64
    /// Bytes and packets received from the sender in the period.
    public var bytes: UInt64
    public var packets: UInt64
    /// Running totals over the pair's whole chain, this period included.
    public var totalBytes: UInt64
    public var totalPackets: UInt64
    /// The previous receipt's ``Receipt/hash``; 32 zero bytes for sequence 1.
    public var previousHash: [UInt8]

    public init(
        receiver: PublicKey, sender: PublicKey, sequence: UInt64, periodStart: UInt64, periodEnd: UInt64,
        bytes: UInt64, packets: UInt64, totalBytes: UInt64, totalPackets: UInt64, previousHash: [UInt8]
    ) {
        self.receiver = receiver
        self.sender = sender
        self.sequence = sequence
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.bytes = bytes
        self.packets = packets
        self.totalBytes = totalBytes
        self.totalPackets = totalPackets
        self.previousHash = previousHash
    }

    /// The rules every receipt must satisfy besides its signature.
    func validate() throws(ReceiptError) {
        guard receiver != sender else { throw .inconsistent("receiver and sender are the same key") }
        guard sequence >= 1 else { throw .inconsistent("sequence 0") }
        guard periodEnd >= periodStart else { throw .inconsistent("period ends before it starts") }
        guard totalBytes >= bytes, totalPackets >= packets else { throw .inconsistent("total below the period") }
        guard (packets == 0) == (bytes == 0), (totalPackets == 0) == (totalBytes == 0) else {
            throw .inconsistent("bytes without packets")
        }
        guard previousHash.count == 32 else { throw .inconsistent("previous hash length") }
        let isFirst = previousHash.allSatisfy { $0 == 0 }
        guard isFirst == (sequence == 1) else { throw .inconsistent("previous hash and sequence disagree") }
        if sequence == 1, totalBytes != bytes || totalPackets != packets {
            throw .inconsistent("first receipt's totals differ from its period")
        }
    }
}

/// A receipt: a ``ReceiptClaim`` signed (BIP-340) by its receiver. Encoded in 222 bytes:
///
/// ```
/// version (1) = 1 ‖ reserved (3) = 0 ‖ receiver (33) ‖ sender (33) ‖ sequence (8) ‖
/// period start (8) ‖ period end (8) ‖ bytes (8) ‖ packets (8) ‖ total bytes (8) ‖
/// total packets (8) ‖ previous hash (32) ‖ signature (64)
/// ```
/// The signature is over ``hash`` = SHA-256("skywire accounting receipt v1" ‖ the first 158
/// bytes), which is also what the next receipt names as its previous hash (a chain).
public struct Receipt: Equatable, Sendable {
    public static let encodedSize = 222
    static let signedSize = 158
    public static let domain = Array("skywire accounting receipt v1".utf8)
    public static let version: UInt8 = 1

    public let claim: ReceiptClaim
    /// The receiver's BIP-340 signature (64 bytes).
    public let signature: [UInt8]
    /// SHA-256(domain ‖ signed bytes): the signed message and the chain link.
    public let hash: [UInt8]

    /// Signs `claim` with the receiver's key. Fails if the key is not `claim.receiver` or the
    /// claim breaks a rule of ``ReceiptClaim``.
    public init(signing claim: ReceiptClaim, with key: PrivateKey) throws(ReceiptError) {
        guard key.publicKey == claim.receiver else { throw .inconsistent("signer is not the receiver") }
        try claim.validate()
        self.claim = claim
        hash = Self.hash(ofSigned: Self.encodeSigned(claim))
        signature = key.signSchnorr(message: hash)
    }

    /// Decodes and **verifies** a receipt: structure, rules and signature. A receipt with any
    /// bit changed is rejected.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(ReceiptError) {
        guard bytes.count == Self.encodedSize else { throw .wrongLength(bytes.count) }
        // The length is exact, so every field below is in bounds.
        guard bytes[0] == Self.version else { throw .unsupportedVersion(bytes[0]) }
        guard bytes[1] == 0, bytes[2] == 0, bytes[3] == 0 else { throw .reservedNotZero }
        func key(at offset: Int) throws(ReceiptError) -> PublicKey {
            do throws(CryptoError) {
                return try PublicKey(compressed: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 33]))
            } catch {
                throw .invalidKey
            }
        }
        func u64(at offset: Int) -> UInt64 {
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let claim = ReceiptClaim(
            receiver: try key(at: 4), sender: try key(at: 37), sequence: u64(at: 70), periodStart: u64(at: 78),
            periodEnd: u64(at: 86), bytes: u64(at: 94), packets: u64(at: 102), totalBytes: u64(at: 110),
            totalPackets: u64(at: 118), previousHash: Array(bytes[126..<158]))
        try claim.validate()
        let signature = Array(bytes[Self.signedSize..<Self.encodedSize])
        let hash = Self.hash(ofSigned: Array(bytes[0..<Self.signedSize]))
        guard claim.receiver.verifySchnorr(signature: signature, message: hash) else { throw .badSignature }
        self.claim = claim
        self.signature = signature
        self.hash = hash
    }

    /// Decodes and verifies a receipt held in an array.
    public init(decoding bytes: [UInt8]) throws(ReceiptError) {
        let result: Result<Receipt, ReceiptError> = bytes.withUnsafeBytes { raw in
            Result { () throws(ReceiptError) in try Receipt(decoding: raw) }
        }
        self = try result.get()
    }

    /// The 222-byte encoding.
    public var encoded: [UInt8] { Self.encodeSigned(claim) + signature }

    static func encodeSigned(_ claim: ReceiptClaim) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: signedSize)
        out.withUnsafeMutableBytes { raw in
            var writer = ByteWriter(raw)
            // The buffer has exactly the room needed: none of these writes can fail.
            try? writer.u8(version)
            try? writer.zeros(3)
            try? writer.publicKey(claim.receiver)
            try? writer.publicKey(claim.sender)
            for value in [claim.sequence, claim.periodStart, claim.periodEnd, claim.bytes, claim.packets,
                          claim.totalBytes, claim.totalPackets] {
                try? writer.u64(value)
            }
            try? writer.bytes(claim.previousHash)
        }
        return out
    }

    static func hash(ofSigned bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(domain)
        hasher.update(bytes)
        return hasher.finalize()
    }
}
