/// Bech32m (BIP-350): bech32's alphabet and BCH checksum with the constant 0x2bc830a3.
///
/// A generic layer: a human-readable prefix plus 5-bit data, no meaning attached. The key text
/// form (``KeyAddress``) is built on it. Decoding is total: every input gives a value or an
/// ``AddressError``.
public enum Bech32m {
    /// BIP-173's limit on the whole string.
    public static let maximumLength = 90
    /// The number of checksum characters.
    public static let checksumLength = 6
    /// The 32 data characters; a character's index is its 5-bit value.
    public static let alphabet: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    static let checksumConstant: UInt32 = 0x2bc8_30a3

    /// Maps an ASCII byte (lower case) to its 5-bit value, or -1.
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = Int8(value) }
        return table
    }()

    /// Encodes `prefix` (lower-case printable ASCII, not checked) and 5-bit `data` with a checksum.
    public static func encode(prefix: String, data: [UInt8]) -> String {
        let hrp = Array(prefix.utf8)
        let checksum = makeChecksum(hrp: hrp, data: data)
        var out: [UInt8] = hrp
        out.reserveCapacity(hrp.count + 1 + data.count + checksumLength)
        out.append(UInt8(ascii: "1"))
        for value in data + checksum { out.append(alphabet[Int(value & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes and checks a bech32m string. Returns the prefix in lower case and the 5-bit data
    /// without the checksum. All-upper-case input is accepted (BIP-173); mixed case is not.
    public static func decode(_ text: String) throws(AddressError) -> (prefix: String, data: [UInt8]) {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength else { throw .tooLong(length: bytes.count) }
        var hasLower = false, hasUpper = false
        for (position, char) in bytes.enumerated() {
            guard char >= 33, char <= 126 else { throw .invalidCharacter(position: position) }
            if char >= UInt8(ascii: "a"), char <= UInt8(ascii: "z") { hasLower = true }
            if char >= UInt8(ascii: "A"), char <= UInt8(ascii: "Z") { hasUpper = true }
        }
        guard !(hasLower && hasUpper) else { throw .mixedCase }
        let lower = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")) else { throw .missingSeparator }
        guard separator > 0 else { throw .emptyPrefix }
        guard lower.count - separator - 1 >= checksumLength else { throw .checksumTooShort }

        let hrp = Array(lower[..<separator])
        var values: [UInt8] = []
        values.reserveCapacity(lower.count - separator - 1)
        for position in (separator + 1)..<lower.count {
            let value = reverse[Int(lower[position])]  // lower[position] < 127 was checked above
            guard value >= 0 else { throw .invalidCharacter(position: position) }
            values.append(UInt8(value))
        }
        guard polymod(expand(hrp) + values) == checksumConstant else { throw .checksumMismatch }
        return (String(decoding: hrp, as: UTF8.self), Array(values.dropLast(checksumLength)))
    }

    // MARK: Bit regrouping

    /// Regroups 8-bit bytes into 5-bit values, padding the last group with zero bits.
    public static func fiveBitGroups(from bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var accumulator: UInt32 = 0, bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(UInt8((accumulator >> UInt32(bits)) & 31))
            }
        }
        if bits > 0 { out.append(UInt8((accumulator << UInt32(5 - bits)) & 31)) }
        return out
    }

    /// Regroups 5-bit values into bytes. Fails on more than four padding bits or non-zero padding.
    public static func bytes(fromFiveBitGroups groups: [UInt8]) throws(AddressError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(groups.count * 5 / 8)
        var accumulator: UInt32 = 0, bits = 0
        for group in groups {
            guard group < 32 else { throw .invalidPadding }
            accumulator = ((accumulator << 5) | UInt32(group)) & 0xfff
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xff))
            }
        }
        guard bits < 5, (accumulator & ((1 << UInt32(bits)) - 1)) == 0 else { throw .invalidPadding }
        return out
    }

    // MARK: Checksum

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = ((checksum & 0x1ff_ffff) << 5) ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { checksum ^= generator[i] }
        }
        return checksum
    }

    private static func makeChecksum(hrp: [UInt8], data: [UInt8]) -> [UInt8] {
        let mod = polymod(expand(hrp) + data + [UInt8](repeating: 0, count: checksumLength)) ^ checksumConstant
        return (0..<checksumLength).map { UInt8((mod >> UInt32(5 * (5 - $0))) & 31) }
    }
}
