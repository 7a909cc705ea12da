// The key file text parser (KeyFileFormat.parse) on any bytes.
// Properties: no trap; every error has a one-line description; a file that parses gives an
// identity whose own serialization parses to the same kind and key, and asking for the file's
// kind succeeds while asking for another kind is `.wrongKind`.
import FuzzSupport
import SkywireCrypto
import SkywireIdentity

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let identity: Identity
    do {
        identity = try KeyFileFormat.parse(input, path: "fuzz.key")
    } catch {
        let description = error.description
        require(!description.utf8.contains(UInt8(ascii: "\n")), "multi-line description of \(error)")
        return 0
    }
    let serialized = KeyFileFormat.serialize(identity)
    do {
        let again = try serialized.withUnsafeBytes { (b) throws(KeyFileError) in
            try KeyFileFormat.parse(b, path: "again.key")
        }
        require(again.kind == identity.kind && again.publicKey == identity.publicKey, "serialize → parse changed the key")
    } catch {
        require(false, "the serialization of a parsed key file does not parse: \(error)")
    }
    for kind in KeyKind.allCases {
        do {
            _ = try KeyFileFormat.parse(input, path: "fuzz.key", expecting: kind)
            require(kind == identity.kind, "a \(identity.kind) key file accepted as \(kind)")
        } catch {
            require(error == .wrongKind(path: "fuzz.key", expected: kind, found: identity.kind), "expecting \(kind): \(error)")
        }
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
    func file(_ kind: KeyKind, _ key: PrivateKey) -> [UInt8] {
        KeyFileFormat.serialize(Identity(kind: kind, privateKey: key)).withUnsafeBytes { Array($0) }
    }
    let node = file(.node, TestKeys.beacon)
    // Hand-edited variants: CRLF line ends, comments and blanks, upper-case hex.
    let edited = String(decoding: file(.user, TestKeys.initiator), as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in line.hasPrefix("secret ") ? line.uppercased().replacingPrefix("SECRET ", with: "secret\t") : String(line) }
        .joined(separator: "\r\n")
    return [node, file(.service, TestKeys.responder), Array(("\n# edited\n\n" + edited).utf8)]
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
