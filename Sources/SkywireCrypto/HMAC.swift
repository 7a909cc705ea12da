internal import CSodium

/// HMAC-SHA256 (RFC 2104) with a key of any length, through libsodium.
public struct HMACSHA256 {
    public static let byteCount = 32
    private var state = crypto_auth_hmacsha256_state()

    public init(key: UnsafeRawBufferPointer) {
        Sodium.ensure()
        var empty: UInt8 = 0
        let k = key.baseAddress?.assumingMemoryBound(to: UInt8.self)
        if let k {
            crypto_auth_hmacsha256_init(&state, k, key.count)
        } else {
            crypto_auth_hmacsha256_init(&state, &empty, 0)
        }
    }

    public init(key: SecretBytes) {
        Sodium.ensure()
        var st = crypto_auth_hmacsha256_state()
        key.withUnsafeBytes { k in
            _ = crypto_auth_hmacsha256_init(&st, k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
        }
        state = st
        withUnsafeMutableBytes(of: &st) { ConstantTime.wipe($0) }
    }

    public init(key: SymmetricKey) {
        self.init(key: key.secret)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let p = bytes.baseAddress else { return }
        crypto_auth_hmacsha256_update(&state, p.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func finalize(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= Self.byteCount, "HMAC output buffer smaller than 32 bytes")
        crypto_auth_hmacsha256_final(&state, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        withUnsafeMutableBytes(of: &state) { ConstantTime.wipe($0) }
    }

    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        out.withUnsafeMutableBytes { finalize(into: $0) }
        return out
    }

    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        key.withUnsafeBytes { k in
            var h = HMACSHA256(key: k)
            h.update(message)
            return h.finalize()
        }
    }
}
