import SkywireCrypto

/// Why a BOLT 8 stream cipher refused a message.
public enum Bolt8StreamError: Error, Equatable, Sendable {
    /// A message longer than 65535 bytes cannot be framed.
    case messageTooLong(maximum: Int, got: Int)
    /// A buffer had the wrong size for its role (header 18 bytes, tag 16 bytes, …).
    case badLength(expected: Int, got: Int)
    /// The length header or the body did not authenticate.
    case authenticationFailed
}

/// One direction of BOLT 8's message stream: every message is sent as
/// `AEAD(len as 2-byte big-endian) (18 bytes) ‖ AEAD(message) (len + 16 bytes)`, with an implicit
/// nonce that counts each AEAD use, and key rotation once a key has been used 1000 times:
/// `ck', k' = HKDF(ck, k)`, `n = 0`.
///
/// Use one for sending (`sendKey`) and one for receiving (`receiveKey`), each starting from the
/// handshake's final chaining key. Non-copyable: a copy would reuse nonces.
public struct Bolt8StreamCipher: ~Copyable {
    /// Bytes of the encrypted length prefix: 2 + 16.
    public static let headerByteCount = 2 + ChaChaPoly.tagByteCount
    /// Largest message a 2-byte length can announce.
    public static let maximumMessageLength = 65535
    /// AEAD uses of one key before it is rotated.
    public static let rotationInterval: UInt64 = 1000

    private var key: SymmetricKey
    private var chainingKey: SymmetricKey
    /// Nonce of the next AEAD operation under the current key.
    public private(set) var nonce: UInt64 = 0

    /// A cipher starting at nonce 0 under `key`, rotating from `chainingKey`.
    public init(key: SymmetricKey, chainingKey: SymmetricKey) {
        self.key = key
        self.chainingKey = chainingKey
    }

    /// The sending direction of a completed handshake.
    public static func sending(_ keys: TransportKeys) -> Bolt8StreamCipher {
        Bolt8StreamCipher(key: keys.sendKey, chainingKey: keys.chainingKey)
    }

    /// The receiving direction of a completed handshake.
    public static func receiving(_ keys: TransportKeys) -> Bolt8StreamCipher {
        Bolt8StreamCipher(key: keys.receiveKey, chainingKey: keys.chainingKey)
    }

    // MARK: Sending

    /// The wire bytes of `message`: encrypted length header, encrypted body, body tag.
    public mutating func seal(_ message: [UInt8]) throws(Bolt8StreamError) -> [UInt8] {
        guard message.count <= Self.maximumMessageLength else {
            throw .messageTooLong(maximum: Self.maximumMessageLength, got: message.count)
        }
        let bodyStart = Self.headerByteCount
        let tagStart = bodyStart + message.count
        var out = [UInt8](repeating: 0, count: tagStart + ChaChaPoly.tagByteCount)
        out.replaceSubrange(bodyStart..<tagStart, with: message)
        let outcome: Result<Void, Bolt8StreamError> = out.withUnsafeMutableBytes { buffer in
            Result { () throws(Bolt8StreamError) in
                try sealInPlace(
                    header: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bodyStart]),
                    body: UnsafeMutableRawBufferPointer(rebasing: buffer[bodyStart..<tagStart]),
                    tag: UnsafeMutableRawBufferPointer(rebasing: buffer[tagStart...]))
            }
        }
        try outcome.get()
        return out
    }

    /// Writes the encrypted length header into `header` (18 bytes), encrypts `body` in place and
    /// writes its tag into `tag` (16 bytes). Allocates nothing except on a key rotation.
    public mutating func sealInPlace(
        header: UnsafeMutableRawBufferPointer, body: UnsafeMutableRawBufferPointer, tag: UnsafeMutableRawBufferPointer
    ) throws(Bolt8StreamError) {
        guard body.count <= Self.maximumMessageLength else {
            throw .messageTooLong(maximum: Self.maximumMessageLength, got: body.count)
        }
        guard header.count == Self.headerByteCount else { throw .badLength(expected: Self.headerByteCount, got: header.count) }
        guard tag.count == ChaChaPoly.tagByteCount else { throw .badLength(expected: ChaChaPoly.tagByteCount, got: tag.count) }
        header[0] = UInt8(truncatingIfNeeded: body.count >> 8)
        header[1] = UInt8(truncatingIfNeeded: body.count)
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        ChaChaPoly.sealInPlace(
            key: key, counter: nonce, associatedData: none,
            buffer: UnsafeMutableRawBufferPointer(rebasing: header[0..<2]),
            tag: UnsafeMutableRawBufferPointer(rebasing: header[2...]))
        advanceNonce()
        ChaChaPoly.sealInPlace(key: key, counter: nonce, associatedData: none, buffer: body, tag: tag)
        advanceNonce()
    }

    // MARK: Receiving

    /// Decrypts an 18-byte length header and returns the body length that follows (plus 16 tag bytes).
    public mutating func openLength(_ header: [UInt8]) throws(Bolt8StreamError) -> Int {
        var copy = header
        let outcome: Result<Int, Bolt8StreamError> = copy.withUnsafeMutableBytes { buffer in
            Result { () throws(Bolt8StreamError) in try openLengthInPlace(buffer) }
        }
        return try outcome.get()
    }

    /// Same as `openLength`, decrypting the header's first two bytes in place.
    public mutating func openLengthInPlace(_ header: UnsafeMutableRawBufferPointer) throws(Bolt8StreamError) -> Int {
        guard header.count == Self.headerByteCount else { throw .badLength(expected: Self.headerByteCount, got: header.count) }
        try open(UnsafeMutableRawBufferPointer(rebasing: header[0..<2]), tag: UnsafeRawBufferPointer(rebasing: header[2...]))
        return Int(header[0]) << 8 | Int(header[1])
    }

    /// Decrypts a body of `ciphertext ‖ tag` (the length `openLength` announced, plus 16).
    public mutating func openBody(_ sealed: [UInt8]) throws(Bolt8StreamError) -> [UInt8] {
        guard sealed.count >= ChaChaPoly.tagByteCount else {
            throw .badLength(expected: ChaChaPoly.tagByteCount, got: sealed.count)
        }
        let tagStart = sealed.count - ChaChaPoly.tagByteCount
        var body = Array(sealed[0..<tagStart])
        let tag = Array(sealed[tagStart...])
        let outcome: Result<Void, Bolt8StreamError> = body.withUnsafeMutableBytes { buffer in
            tag.withUnsafeBytes { t in
                Result { () throws(Bolt8StreamError) in try openBodyInPlace(buffer, tag: t) }
            }
        }
        try outcome.get()
        return body
    }

    /// Verifies `tag` and decrypts `body` in place; on failure `body` is zeroed (libsodium).
    public mutating func openBodyInPlace(_ body: UnsafeMutableRawBufferPointer, tag: UnsafeRawBufferPointer) throws(Bolt8StreamError) {
        guard body.count <= Self.maximumMessageLength else {
            throw .messageTooLong(maximum: Self.maximumMessageLength, got: body.count)
        }
        guard tag.count == ChaChaPoly.tagByteCount else { throw .badLength(expected: ChaChaPoly.tagByteCount, got: tag.count) }
        try open(body, tag: tag)
    }

    // MARK: Nonces and rotation

    private mutating func open(_ buffer: UnsafeMutableRawBufferPointer, tag: UnsafeRawBufferPointer) throws(Bolt8StreamError) {
        do {
            try ChaChaPoly.openInPlace(
                key: key, counter: nonce, associatedData: UnsafeRawBufferPointer(start: nil, count: 0),
                buffer: buffer, tag: tag)
        } catch {
            throw .authenticationFailed
        }
        advanceNonce()
    }

    /// `n += 1`; at 1000, `ck', k' = HKDF(ck, k)` and `n = 0`.
    private mutating func advanceNonce() {
        nonce += 1
        guard nonce == Self.rotationInterval else { return }
        let (nextChainingKey, nextKey) = key.withUnsafeBytes { k in HKDF.derive2(salt: chainingKey, ikm: k) }
        chainingKey = nextChainingKey
        key = nextKey
        nonce = 0
    }
}
