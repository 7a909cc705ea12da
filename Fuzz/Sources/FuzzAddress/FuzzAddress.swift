// Key text forms: Bech32m.decode and KeyAddress(parsing:) on the input as text, and
// Bech32m.bytes(fromFiveBitGroups:) on the input as 5-bit groups.
// Properties: no trap; every error has a one-line description; a string that decodes re-encodes
// to itself in lower case; a parsed address prints as the input in lower case and parses back to
// the same address; 5-bit groups that convert to bytes convert back to the same groups.
import FuzzSupport
import SkywireCrypto
import SkywireIdentity

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let text = String(decoding: input, as: UTF8.self)
    let lower = String(decoding: asciiLowercased(text.utf8), as: UTF8.self)

    do {
        let (prefix, values) = try Bech32m.decode(text)
        require(Bech32m.encode(prefix: prefix, data: values) == lower, "bech32m does not re-encode to its text")
    } catch {
        checkDescription(error)
    }

    do {
        let address = try KeyAddress(parsing: text)
        require(address.text == lower, "address prints as \(address.text), parsed from \(text)")
        require(address.text.utf8.count == KeyAddress.textLength, "address text length")
        let again = try KeyAddress(parsing: address.text, as: address.kind)
        require(again == address, "address does not parse back to itself")
    } catch {
        checkDescription(error)
    }

    let groups = Array(input)
    if let bytes = try? Bech32m.bytes(fromFiveBitGroups: groups) {
        require(Bech32m.fiveBitGroups(from: bytes) == groups, "5-bit groups do not survive bytes and back")
    }
    return 0
}

private func checkDescription(_ error: AddressError) {
    let description = error.description
    require(!description.isEmpty && !description.utf8.contains(UInt8(ascii: "\n")), "description of \(error)")
}

@main
enum Main {
    static func main() {
        writeSeedsIfAsked(seeds)
        runLibFuzzer(fuzz)
    }
}

private func seeds() -> [[UInt8]] {
    let key = TestKeys.beacon.publicKey
    return [
        Array(KeyAddress(kind: .node, publicKey: key).text.utf8),
        Array(KeyAddress(kind: .service, publicKey: key).text.uppercased().utf8),
        Array(KeyAddress(kind: .user, publicKey: TestKeys.initiator.publicKey).text.utf8),
        Array(Bech32m.encode(prefix: "a", data: []).utf8),
        Array(Bech32m.encode(prefix: "abcdef", data: [0, 1, 2, 31, 30]).utf8),
    ]
}
