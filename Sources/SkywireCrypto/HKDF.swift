/// HKDF-SHA256 (RFC 5869) as Noise and BOLT 8 use it: empty info, two or three 32-byte outputs.
public enum HKDF {
    /// `HKDF(salt, ikm)` → (output1, output2), each 32 bytes, as secret keys.
    public static func derive2(salt: SymmetricKey, ikm: UnsafeRawBufferPointer) -> (SymmetricKey, SymmetricKey) {
        let outs = derive(salt: salt, ikm: ikm, count: 2)
        return (outs[0], outs[1])
    }

    /// `HKDF(salt, ikm)` → three 32-byte outputs (Noise `MixKeyAndHash`).
    public static func derive3(salt: SymmetricKey, ikm: UnsafeRawBufferPointer)
        -> (SymmetricKey, SymmetricKey, SymmetricKey)
    {
        let outs = derive(salt: salt, ikm: ikm, count: 3)
        return (outs[0], outs[1], outs[2])
    }

    /// Extract with `salt`, then expand with empty info into `count` 32-byte blocks (count ≤ 255).
    public static func derive(salt: SymmetricKey, ikm: UnsafeRawBufferPointer, count: Int) -> [SymmetricKey] {
        precondition(count >= 1 && count <= 255, "HKDF block count out of range")
        let prk = SecretBytes(zeroedCount: 32)
        var extract = HMACSHA256(key: salt)
        extract.update(ikm)
        prk.withUnsafeMutableBytes { extract.finalize(into: $0) }

        var outputs: [SymmetricKey] = []
        outputs.reserveCapacity(count)
        var previous: SecretBytes? = nil
        for i in 1...count {
            let block = SecretBytes(zeroedCount: 32)
            var expand = HMACSHA256(key: prk)
            if let previous { previous.withUnsafeBytes { expand.update($0) } }
            var counter = UInt8(i)
            withUnsafeBytes(of: &counter) { expand.update($0) }
            block.withUnsafeMutableBytes { expand.finalize(into: $0) }
            outputs.append(try! SymmetricKey(secret: block))  // 32 bytes by construction
            previous = block
        }
        return outputs
    }

    public static func derive(salt: SymmetricKey, ikm: [UInt8], count: Int) -> [SymmetricKey] {
        ikm.withUnsafeBytes { derive(salt: salt, ikm: $0, count: count) }
    }
}
