import SkywireCrypto
import SkywireWire

/// A node's signed statement about its own links (frame `linkState`, 0x10; docs/protocol.md §7.2).
///
/// ```
/// offset   size  field
/// 0        1     version = 1
/// 1        1     flags, MUST be 0
/// 2        33    origin node key
/// 35       8     sequence number (greater = newer)
/// 43       4     lifetime in seconds (1…86400), counted from the moment a node accepts the record
/// 47       1     link count n (0…24)
/// 48       44·n  links, neighbour keys strictly ascending:
///                  neighbour (33) ‖ flags (1: bit 0 = direction confirmed) ‖ latency µs (4) ‖
///                  loss ‰ (2, ≤ 1000) ‖ throughput kbit/s (4, 0 = not measured)
/// 48+44n   64    BIP-340 signature by the origin over "skywire link state v1" ‖ bytes[0 ..< 48+44n]
/// ```
/// Every figure describes the direction **from the origin towards the neighbour**; the neighbour's
/// own record describes the other direction. The lifetime is relative because mesh nodes often have
/// no trustworthy wall clock (boards without an RTC).
public struct LinkStateRecord: Equatable, Sendable {
    public static let version: UInt8 = 1
    /// The most links one record may list (so a record fits one link packet: 1168 bytes at most).
    public static let maxLinks = 24
    public static let maxLifetimeSeconds: UInt32 = 86_400
    public static let headerSize = 48
    public static let linkSize = 44
    public static let signatureSize = 64
    public static let maxEncodedSize = headerSize + maxLinks * linkSize + signatureSize
    public static let domain: [UInt8] = Array("skywire link state v1".utf8)

    /// One link of the origin, as measured in the origin → neighbour direction.
    public struct Link: Equatable, Sendable {
        public var neighbour: PublicKey
        /// Whether the origin has confirmed that its packets reach the neighbour (the neighbour
        /// acknowledged them over any path). Only confirmed directions become graph edges.
        public var confirmed: Bool
        /// One-way latency origin → neighbour in microseconds.
        public var latencyMicros: UInt32
        /// Packet loss origin → neighbour in permille (0…1000).
        public var lossPermille: UInt16
        /// Delivered throughput origin → neighbour in kbit/s; 0 = not measured yet.
        public var throughputKbps: UInt32

        public init(neighbour: PublicKey, confirmed: Bool, latencyMicros: UInt32, lossPermille: UInt16, throughputKbps: UInt32) {
            self.neighbour = neighbour
            self.confirmed = confirmed
            self.latencyMicros = latencyMicros
            self.lossPermille = lossPermille
            self.throughputKbps = throughputKbps
        }
    }

    public var origin: PublicKey
    public var sequence: UInt64
    public var lifetimeSeconds: UInt32
    public var links: [Link]

    public init(origin: PublicKey, sequence: UInt64, lifetimeSeconds: UInt32, links: [Link]) {
        self.origin = origin
        self.sequence = sequence
        self.lifetimeSeconds = lifetimeSeconds
        self.links = links
    }

    /// The link to `neighbour`, if the record lists one.
    public func link(to neighbour: PublicKey) -> Link? { links.first { $0.neighbour == neighbour } }

    /// Encodes (links sorted by neighbour key) and signs with `key`, the origin's private key.
    public func encodeSigned(with key: PrivateKey) throws(LinkStateError) -> [UInt8] {
        guard key.publicKey == origin else { throw .signingKeyMismatch }
        var sorted = self
        sorted.links.sort { $0.neighbour < $1.neighbour }
        try sorted.validate()
        var bytes: [UInt8]
        do throws(WireError) {
            bytes = try ByteWriter.encode(capacity: Self.maxEncodedSize) { (w) throws(WireError) in
                try w.u8(Self.version)
                try w.u8(0)
                try w.publicKey(origin)
                try w.u64(sequence)
                try w.u32(lifetimeSeconds)
                try w.u8(UInt8(sorted.links.count))
                for l in sorted.links {
                    try w.publicKey(l.neighbour)
                    try w.u8(l.confirmed ? 1 : 0)
                    try w.u32(l.latencyMicros)
                    try w.u16(l.lossPermille)
                    try w.u32(l.throughputKbps)
                }
            }
        } catch {
            throw .malformed(error)
        }
        bytes += key.signSchnorr(message: Self.domain + bytes)
        return bytes
    }

    /// Decodes and verifies the signature. A record that does not verify is an error, never a value.
    public static func decodeVerified(_ bytes: UnsafeRawBufferPointer) throws(LinkStateError) -> LinkStateRecord {
        let (record, signedLength) = try decodeUnverified(bytes)
        let message = domain + Array(UnsafeRawBufferPointer(rebasing: bytes[0..<signedLength]))
        let signature = Array(UnsafeRawBufferPointer(rebasing: bytes[signedLength...]))
        guard record.origin.verifySchnorr(signature: signature, message: message) else { throw .badSignature }
        return record
    }

    public static func decodeVerified(_ bytes: [UInt8]) throws(LinkStateError) -> LinkStateRecord {
        let r: Result<LinkStateRecord, LinkStateError> = bytes.withUnsafeBytes { raw in
            Result { () throws(LinkStateError) in try decodeVerified(raw) }
        }
        return try r.get()
    }

    /// Decodes every field and checks every rule except the signature; returns the record and the
    /// length of the signed part. Cheap: lets a receiver drop duplicates and stale sequence numbers
    /// before it pays for a signature check. Never trust the result without `decodeVerified`.
    public static func decodeUnverified(_ bytes: UnsafeRawBufferPointer) throws(LinkStateError) -> (LinkStateRecord, signedLength: Int) {
        guard let version = bytes.first else { throw .malformed(.truncated(needed: 1, remaining: 0)) }
        guard version == Self.version else { throw .unsupportedVersion(version) }
        if bytes.count > 47, Int(bytes[47]) > maxLinks { throw .tooManyLinks(Int(bytes[47])) }
        let parsed: (record: LinkStateRecord, flags: UInt8, signedLength: Int)
        do throws(WireError) {
            parsed = try parse(bytes)
        } catch {
            throw .malformed(error)
        }
        guard parsed.flags == 0 else { throw .reservedBitsSet }
        try parsed.record.validate()
        return (parsed.record, parsed.signedLength)
    }

    /// The byte layout alone; `flags` ORs the record flags with every link's reserved flag bits.
    private static func parse(_ bytes: UnsafeRawBufferPointer) throws(WireError) -> (record: LinkStateRecord, flags: UInt8, signedLength: Int) {
        var r = ByteReader(bytes)
        _ = try r.u8()  // version, checked by the caller
        var flags = try r.u8()
        let origin = try r.publicKey()
        let sequence = try r.u64()
        let lifetime = try r.u32()
        let count = Int(try r.u8())
        var links: [Link] = []
        links.reserveCapacity(min(count, maxLinks))
        for _ in 0..<count {
            let neighbour = try r.publicKey()
            let linkFlags = try r.u8()
            flags |= linkFlags & ~1
            links.append(Link(
                neighbour: neighbour, confirmed: linkFlags & 1 == 1, latencyMicros: try r.u32(),
                lossPermille: try r.u16(), throughputKbps: try r.u32()))
        }
        let signedLength = r.offset
        _ = try r.bytes(signatureSize)
        try r.expectEnd()
        let record = LinkStateRecord(origin: origin, sequence: sequence, lifetimeSeconds: lifetime, links: links)
        return (record, flags, signedLength)
    }

    /// The rules a record must meet beyond its byte layout.
    func validate() throws(LinkStateError) {
        guard links.count <= Self.maxLinks else { throw .tooManyLinks(links.count) }
        guard lifetimeSeconds >= 1 && lifetimeSeconds <= Self.maxLifetimeSeconds else {
            throw .lifetimeOutOfRange(lifetimeSeconds)
        }
        var previous: PublicKey? = nil
        for l in links {
            guard l.neighbour != origin else { throw .selfLink }
            guard l.lossPermille <= 1000 else { throw .lossOutOfRange(l.lossPermille) }
            if let p = previous, !(p < l.neighbour) { throw .neighboursNotSorted }
            previous = l.neighbour
        }
    }
}
