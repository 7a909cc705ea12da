// The parsers of SkywireCrypto: PublicKey(compressed:) and PrivateKey(bytes:) on the input, and
// Hex.decode on the input as text.
// Properties: no trap; a public key parses only from 33 bytes and serializes back to them; a
// private key's public key is valid; decoded hex encodes back to the input in lower case
// (without its optional 0x prefix).
import FuzzSupport
import SkywireCrypto

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    if let key = try? PublicKey(compressed: input) {
        require(size == PublicKey.byteCount, "public key parsed from \(size) bytes")
        require(key.compressed.elementsEqual(input), "public key serializes differently")
        require((try? PublicKey(compressed: key.compressed)) == key, "public key does not parse back")
    }
    if let privateKey = try? PrivateKey(bytes: Array(input)) {
        require(size == PrivateKey.byteCount, "private key from \(size) bytes")
        require((try? PublicKey(compressed: privateKey.publicKey.compressed)) == privateKey.publicKey, "derived public key")
    }

    let text = String(decoding: input, as: UTF8.self)
    if let bytes = Hex.decode(text) {
        var digits = asciiLowercased(text.utf8)
        if digits.starts(with: Array("0x".utf8)) { digits.removeFirst(2) }
        require(Array(Hex.encode(bytes).utf8) == digits, "hex does not re-encode to its text")
    }
    return 0
}

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(seeds)
        runLibFuzzer(fuzz)
    }
}

private func seeds() -> [[UInt8]] {
    [
        TestKeys.beacon.publicKey.compressed,
        TestKeys.responder.publicKey.compressed,
        [UInt8](repeating: 0x11, count: PrivateKey.byteCount),
        Array(("0x" + Hex.encode(TestKeys.initiator.publicKey.compressed)).utf8),
        Array("DEADbeef".utf8),
    ]
}
