import SkywireCrypto

/// A signed neighbour announcement, sent in clear on LAN broadcast/multicast and over wifi.
///
/// ```
/// offset  size  field
/// 0       1     type = 0x01
/// 1       1     version = 1
/// 2       2     reserved, MUST be 0
/// 4       4     capabilities (bit set, see `Beacon.Capabilities`)
/// 8       33    node key (compressed secp256k1)
/// 41      8     sequence number (strictly increasing per node key; a restart uses wall-clock µs)
/// 49      2     link port (UDP port where the node takes link packets)
/// 51      1     endpoint count n (0…8)
/// 52      …     n endpoints (family 1 byte: 4 or 6; address 4 or 16 bytes; port 2 bytes)
/// …       64    BIP-340 signature by the node key over "skywire beacon v1" ‖ all preceding bytes
/// ```
public struct Beacon: Equatable, Sendable {
    public static let version: UInt8 = 1
    public static let maxEndpoints = 8
    public static let signatureSize = 64
    public static let domain: [UInt8] = Array("skywire beacon v1".utf8)
    /// The largest beacon: header + 8 IPv6 endpoints + signature.
    public static let maxSize = 52 + maxEndpoints * 19 + signatureSize

    public struct Capabilities: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Forwards traffic for others (relays routes).
        public static let relay = Capabilities(rawValue: 1 << 0)
        /// Offers the IP gateway service.
        public static let gateway = Capabilities(rawValue: 1 << 1)
        /// Has wifi radios in use.
        public static let wifi = Capabilities(rawValue: 1 << 2)
    }

    public var nodeKey: PublicKey
    public var sequence: UInt64
    public var capabilities: Capabilities
    public var linkPort: UInt16
    public var endpoints: [WireEndpoint]

    public init(nodeKey: PublicKey, sequence: UInt64, capabilities: Capabilities, linkPort: UInt16, endpoints: [WireEndpoint]) {
        self.nodeKey = nodeKey
        self.sequence = sequence
        self.capabilities = capabilities
        self.linkPort = linkPort
        self.endpoints = endpoints
    }

    /// Encodes and signs with `key` (which must be the private half of `nodeKey`).
    public func encodeSigned(with key: PrivateKey) throws(WireError) -> [UInt8] {
        guard key.publicKey == nodeKey else { throw .invalidField("signing key is not the beacon's node key") }
        guard endpoints.count <= Self.maxEndpoints else { throw .invalidField("endpoint count") }
        var body = try ByteWriter.encode(capacity: Self.maxSize) { (w) throws(WireError) in
            try w.u8(MessageType.beacon.rawValue)
            try w.u8(Self.version)
            try w.u16(0)
            try w.u32(capabilities.rawValue)
            try w.publicKey(nodeKey)
            try w.u64(sequence)
            try w.u16(linkPort)
            try w.u8(UInt8(endpoints.count))
            for e in endpoints { try e.encode(into: &w) }
        }
        body += key.signSchnorr(message: Self.domain + body)
        return body
    }

    /// Decodes and verifies the signature. A beacon that does not verify is an error, never a value.
    public static func decodeVerified(_ bytes: UnsafeRawBufferPointer) throws(WireError) -> Beacon {
        var r = ByteReader(bytes)
        guard try r.u8() == MessageType.beacon.rawValue else { throw .invalidField("type") }
        let version = try r.u8()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        guard try r.u16() == 0 else { throw .invalidField("reserved") }
        let caps = Capabilities(rawValue: try r.u32())
        let key = try r.publicKey()
        let seq = try r.u64()
        let port = try r.u16()
        let count = Int(try r.u8())
        guard count <= maxEndpoints else { throw .invalidField("endpoint count") }
        var endpoints: [WireEndpoint] = []
        endpoints.reserveCapacity(count)
        for _ in 0..<count { endpoints.append(try WireEndpoint.decode(from: &r)) }
        let signedLength = r.offset
        let sig = try r.bytes(signatureSize)
        try r.expectEnd()
        let message = domain + Array(UnsafeRawBufferPointer(rebasing: bytes[0..<signedLength]))
        guard key.verifySchnorr(signature: Array(sig), message: message) else { throw .invalidField("signature") }
        return Beacon(nodeKey: key, sequence: seq, capabilities: caps, linkPort: port, endpoints: endpoints)
    }

    public static func decodeVerified(_ bytes: [UInt8]) throws(WireError) -> Beacon {
        let r: Result<Beacon, WireError> = bytes.withUnsafeBytes { raw in
            Result { () throws(WireError) in try decodeVerified(raw) }
        }
        return try r.get()
    }
}
