import SkywireTestSupport
import Foundation
import SkywireCrypto
import Testing
@testable import SkywireIdentity

/// Key files: atomic writes with mode 0600, and a distinct error for every way reading fails.
@Suite struct KeyFileTests {
    let dir = TemporaryDirectory()

    private func written(_ kind: KeyKind = .node, name: String = "k.key") throws -> (Identity, String) {
        let identity = Identity.generate(kind: kind)
        let path = dir.file(name)
        try KeyFile.write(identity, to: path)
        return (identity, path)
    }

    @Test(arguments: KeyKind.allCases)
    func writeThenReadRoundTrips(_ kind: KeyKind) throws {
        let (identity, path) = try written(kind)
        let read = try KeyFile.read(from: path, kind: kind)
        #expect(read.kind == kind)
        #expect(read.publicKey == identity.publicKey)
        #expect(read.privateKey.secret.constantTimeEquals(identity.privateKey.secret))
        #expect(try KeyFile.read(from: path).address == identity.address)
        let text = String(decoding: TemporaryDirectory.bytes(path), as: UTF8.self)
        #expect(text.hasPrefix("# skywire \(kind) key - secret, keep mode 0600\nkind \(kind)\nsecret "))
        #expect(text.hasSuffix("\npublic \(identity.address.text)\n"))
    }

    @Test func modeIs0600AndNoTemporaryFileIsLeft() throws {
        let (_, path) = try written()
        #expect(TemporaryDirectory.mode(path) == 0o600)
        #expect(dir.entries() == ["k.key"])
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let (first, path) = try written()
        let before = TemporaryDirectory.bytes(path)
        #expect(throws: KeyFileError.alreadyExists(path: path)) {
            try KeyFile.write(Identity.generate(kind: .node), to: path)
        }
        #expect(TemporaryDirectory.bytes(path) == before)
        #expect(dir.entries() == ["k.key"])
        #expect(try KeyFile.read(from: path).publicKey == first.publicKey)
    }

    @Test func forceReplaces() throws {
        let (first, path) = try written()
        let second = Identity.generate(kind: .node)
        try KeyFile.write(second, to: path, force: true)
        let read = try KeyFile.read(from: path)
        #expect(read.publicKey == second.publicKey)
        #expect(read.publicKey != first.publicKey)
        #expect(TemporaryDirectory.mode(path) == 0o600)
        #expect(dir.entries() == ["k.key"])
    }

    @Test func createsMissingDirectories() throws {
        let path = dir.file("a/b/c.key")
        try KeyFile.write(Identity.generate(kind: .user), to: path, createDirectories: true)
        #expect(try KeyFile.read(from: path, kind: .user).kind == .user)
        #expect(TemporaryDirectory.mode(dir.file("a")) == 0o700)
        // Without createDirectories a missing directory is an error naming the target.
        let orphan = dir.file("x/y.key")
        #expect(throws: KeyFileError.system(path: orphan, operation: "create temporary file", errno: ENOENT)) {
            try KeyFile.write(Identity.generate(kind: .user), to: orphan)
        }
    }

    @Test func missingFile() {
        let path = dir.file("absent.key")
        #expect(throws: KeyFileError.notFound(path: path)) { try KeyFile.read(from: path) }
    }

    @Test func emptyFile() {
        let path = dir.file("empty.key")
        TemporaryDirectory.write([], to: path)
        #expect(throws: KeyFileError.empty(path: path)) { try KeyFile.read(from: path) }
    }

    @Test func everyTruncationIsDetected() throws {
        let (_, path) = try written()
        let full = TemporaryDirectory.bytes(path)
        let fieldsByLine = ["kind", "secret", "public"]
        for length in 1..<full.count {
            let prefix = Array(full[..<length])
            TemporaryDirectory.write(prefix, to: path)
            let expected: KeyFileError
            if prefix.last == UInt8(ascii: "\n") {
                let lines = prefix.filter { $0 == UInt8(ascii: "\n") }.count
                expected = .missingField(path: path, field: fieldsByLine[lines - 1])
            } else {
                expected = .truncated(path: path)
            }
            #expect(throws: expected, "truncated to \(length) bytes") { try KeyFile.read(from: path) }
        }
    }

    @Test func flippedSecretDigitIsAMismatch() throws {
        let (_, path) = try written()
        var bytes = TemporaryDirectory.bytes(path)
        let secretStart = try #require(firstIndex(of: "secret ", in: bytes)) + 7
        for offset in [0, 1, 17, 63] {
            var corrupted = bytes
            corrupted[secretStart + offset] = corrupted[secretStart + offset] == UInt8(ascii: "7")
                ? UInt8(ascii: "8") : UInt8(ascii: "7")
            TemporaryDirectory.write(corrupted, to: path)
            #expect(throws: KeyFileError.publicKeyMismatch(path: path)) { try KeyFile.read(from: path) }
        }
        // A non-hex digit is a malformed secret line.
        bytes[secretStart + 5] = UInt8(ascii: "g")
        TemporaryDirectory.write(bytes, to: path)
        #expect(throws: KeyFileError.malformed(path: path, line: 3, reason: "secret is not 64 hex digits")) {
            try KeyFile.read(from: path)
        }
    }

    @Test func corruptedPublicLineIsRefused() throws {
        let (_, path) = try written()
        var bytes = TemporaryDirectory.bytes(path)
        let at = bytes.count - 10
        bytes[at] = bytes[at] == UInt8(ascii: "q") ? UInt8(ascii: "p") : UInt8(ascii: "q")
        TemporaryDirectory.write(bytes, to: path)
        #expect(throws: KeyFileError.invalidPublicKey(path: path, .checksumMismatch)) { try KeyFile.read(from: path) }
    }

    @Test func publicLineOfAnotherKeyIsAMismatch() throws {
        let (_, path) = try written()
        let other = Identity.generate(kind: .node)
        var text = String(decoding: TemporaryDirectory.bytes(path), as: UTF8.self)
        text = String(text[..<text.range(of: "public ")!.upperBound]) + other.address.text + "\n"
        TemporaryDirectory.write(Array(text.utf8), to: path)
        #expect(throws: KeyFileError.publicKeyMismatch(path: path)) { try KeyFile.read(from: path) }
    }

    @Test func invalidScalarIsRefused() {
        let path = dir.file("zero.key")
        let someAddress = Identity.generate(kind: .node).address.text
        for secret in [String(repeating: "0", count: 64), String(repeating: "f", count: 64)] {
            TemporaryDirectory.write(Array("kind node\nsecret \(secret)\npublic \(someAddress)\n".utf8), to: path)
            #expect(throws: KeyFileError.invalidSecret(path: path)) { try KeyFile.read(from: path) }
        }
    }

    @Test func garbageIsMalformed() {
        let path = dir.file("garbage.key")
        TemporaryDirectory.write((0..<200).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 5) }, to: path)
        #expect(throws: KeyFileError.self) { try KeyFile.read(from: path) }
        do {
            _ = try KeyFile.read(from: path)
        } catch {
            guard case .malformed = error else { Issue.record("expected .malformed, got \(error)"); return }
        }
        TemporaryDirectory.write(Array("hello world\n".utf8), to: path)
        #expect(throws: KeyFileError.malformed(path: path, line: 1, reason: "unknown field 'hello'")) {
            try KeyFile.read(from: path)
        }
        TemporaryDirectory.write(Array("kind node\nkind node\n".utf8), to: path)
        #expect(throws: KeyFileError.malformed(path: path, line: 2, reason: "second 'kind' line")) {
            try KeyFile.read(from: path)
        }
        TemporaryDirectory.write(Array("kind robot\nsecret 00\npublic x\n".utf8), to: path)
        #expect(throws: KeyFileError.malformed(path: path, line: 1, reason: "unknown kind 'robot' (node, service or user)")) {
            try KeyFile.read(from: path)
        }
    }

    @Test func tooLargeIsRefused() {
        let path = dir.file("big.key")
        TemporaryDirectory.write([UInt8](repeating: UInt8(ascii: "#"), count: 5000), to: path)
        #expect(throws: KeyFileError.tooLarge(path: path, size: 5000)) { try KeyFile.read(from: path) }
    }

    @Test func commentsBlankLinesAndSpacesAreAllowed() throws {
        let identity = Identity.generate(kind: .service)
        let path = dir.file("edited.key")
        let secret = Hex.encode(identity.privateKey.secret.exportedBytes()).uppercased()
        let text = "\n# edited by hand\n  kind   service  \n\nsecret \(secret)\r\n# ok\npublic \(identity.address.text)\n\n"
        TemporaryDirectory.write(Array(text.utf8), to: path)
        #expect(try KeyFile.read(from: path, kind: .service).publicKey == identity.publicKey)
    }

    @Test func wrongKind() throws {
        let (_, path) = try written(.service)
        #expect(throws: KeyFileError.wrongKind(path: path, expected: .node, found: .service)) {
            try KeyFile.read(from: path, kind: .node)
        }
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o601, 0o777])
    func groupOrWorldAccessIsRefused(_ mode: Int) throws {
        let (_, path) = try written()
        chmod(path, mode_t(mode))
        #expect(throws: KeyFileError.permissionsTooOpen(path: path, mode: UInt32(mode))) {
            try KeyFile.read(from: path)
        }
        let message = KeyFileError.permissionsTooOpen(path: path, mode: UInt32(mode)).description
        #expect(message == "permissions 0\(String(mode, radix: 8)) for key file \(path) are too open; chmod 600 \(path)")
    }

    @Test func ownerOnlyModesAreAccepted() throws {
        let (identity, path) = try written()
        for mode in [0o400, 0o600, 0o700] {
            chmod(path, mode_t(mode))
            #expect(try KeyFile.read(from: path).publicKey == identity.publicKey)
        }
    }

    @Test func directoryIsNotAKeyFile() {
        #expect(throws: KeyFileError.notRegularFile(path: dir.path)) { try KeyFile.read(from: dir.path) }
    }

    @Test func loadOrCreateCreatesOnceThenLoads() throws {
        let path = dir.file("node/node.key")
        let (first, created) = try KeyFile.loadOrCreate(at: path, kind: .node)
        #expect(created)
        #expect(TemporaryDirectory.mode(path) == 0o600)
        let (second, createdAgain) = try KeyFile.loadOrCreate(at: path, kind: .node)
        #expect(!createdAgain)
        #expect(second.publicKey == first.publicKey)
    }

    @Test func loadOrCreateNeverReplacesABadFile() throws {
        let (_, path) = try written()
        var bytes = TemporaryDirectory.bytes(path)
        bytes.removeLast(5)
        TemporaryDirectory.write(bytes, to: path)
        #expect(throws: KeyFileError.truncated(path: path)) { try KeyFile.loadOrCreate(at: path, kind: .node) }
        #expect(TemporaryDirectory.bytes(path) == bytes)

        let (_, other) = try written(name: "open.key")
        chmod(other, 0o644)
        #expect(throws: KeyFileError.self) { try KeyFile.loadOrCreate(at: other, kind: .node) }
        #expect(throws: KeyFileError.wrongKind(path: other, expected: .user, found: .node)) {
            chmod(other, 0o600)
            return try KeyFile.loadOrCreate(at: other, kind: .user)
        }
    }

    @Test func errorDescriptionsAreOneLineAndNameTheFile() {
        let path = "/tmp/odd\nname.key"
        let errors: [KeyFileError] = [
            .notFound(path: path), .alreadyExists(path: path), .notRegularFile(path: path),
            .permissionsTooOpen(path: path, mode: 0o644), .tooLarge(path: path, size: 9999), .empty(path: path),
            .truncated(path: path), .missingField(path: path, field: "public"),
            .malformed(path: path, line: 2, reason: "x"), .wrongKind(path: path, expected: .node, found: .user),
            .invalidSecret(path: path), .invalidPublicKey(path: path, .checksumMismatch),
            .publicKeyMismatch(path: path), .system(path: path, operation: "open", errno: 13),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("/tmp/odd\\xaname.key"))
        }
    }

    @Test func defaultPaths() {
        #expect(KeyFile.defaultPath(for: .node) == "/var/lib/skywire/node.key")
        #expect(KeyFile.defaultPath(for: .service) == "/var/lib/skywire/service.key")
        #expect(KeyFile.defaultPath(for: .user).hasSuffix("skywire/user.key"))
    }

    private func firstIndex(of needle: String, in bytes: [UInt8]) -> Int? {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return nil }
        return (0...(bytes.count - n.count)).first { Array(bytes[$0..<($0 + n.count)]) == n }
    }
}
