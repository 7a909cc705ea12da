import SkywireTestSupport
import Foundation
import Testing

/// The `skywire` binary, run as a person or a script would run it.
@Suite struct CommandTests {
    let dir = TemporaryDirectory()

    /// A node key text form: `skn1` and 59 more bech32 characters.
    private func isNodeAddress(_ text: Substring) -> Bool {
        text.count == 63 && text.hasPrefix("skn1")
            && text.dropFirst(4).allSatisfy { "qpzry9x8gf2tvdw0s3jn54khce6mua7l".contains($0) }
    }

    /// Exactly one line on stderr, starting `skywire: error: `, nothing on stdout, exit status not 0.
    private func expectOneLineError(_ result: SkywireProcess.Result, mentioning: String? = nil,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr.hasSuffix("\n"), sourceLocation: sourceLocation)
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("skywire: error: "), sourceLocation: sourceLocation)
        if let mentioning { #expect(result.stderr.contains(mentioning), sourceLocation: sourceLocation) }
    }

    @Test func binaryIsFound() {
        #expect(SkywireProcess.binary != nil)
    }

    @Test func keygenWritesAPrivateFileAndPrintsTheAddress() throws {
        let path = dir.file("node.key")
        let result = try SkywireProcess.run(["keygen", "--out", path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdoutLines.count == 1)
        #expect(isNodeAddress(result.stdoutLines[0]))
        #expect(TemporaryDirectory.mode(path) == 0o600)
        let text = String(decoding: TemporaryDirectory.bytes(path), as: UTF8.self)
        #expect(text.contains("\npublic \(result.stdoutLines[0])\n"))
    }

    @Test func secondKeygenFailsAndLeavesTheFile() throws {
        let path = dir.file("node.key")
        #expect(try SkywireProcess.run(["keygen", "--out", path]).status == 0)
        let before = TemporaryDirectory.bytes(path)
        let again = try SkywireProcess.run(["keygen", "--out", path])
        expectOneLineError(again, mentioning: path)
        #expect(TemporaryDirectory.bytes(path) == before)
    }

    @Test func forceOverwrites() throws {
        let path = dir.file("node.key")
        let first = try SkywireProcess.run(["keygen", "--out", path])
        let before = TemporaryDirectory.bytes(path)
        let forced = try SkywireProcess.run(["keygen", "--out", path, "--force"])
        #expect(forced.status == 0)
        #expect(forced.stdout != first.stdout)
        #expect(TemporaryDirectory.bytes(path) != before)
        #expect(TemporaryDirectory.mode(path) == 0o600)
        #expect(try SkywireProcess.run(["pubkey", "--key", path]).stdout == forced.stdout)
    }

    @Test(arguments: ["node", "service", "user"])
    func pubkeyPrintsWhatKeygenPrinted(_ kind: String) throws {
        let path = dir.file("\(kind).key")
        let made = try SkywireProcess.run(["keygen", "--kind", kind, "--out", path])
        #expect(made.status == 0)
        let shown = try SkywireProcess.run(["pubkey", "--key", path])
        #expect(shown.status == 0)
        #expect(shown.stderr.isEmpty)
        #expect(shown.stdout == made.stdout)
        #expect(made.stdout.hasPrefix(["node": "skn1", "service": "sks1", "user": "sku1"][kind]!))
        #expect(try SkywireProcess.run(["pubkey", "--key", path, "--kind", kind]).stdout == made.stdout)

        let hex = try SkywireProcess.run(["pubkey", "--key", path, "--hex"])
        #expect(hex.status == 0)
        #expect(hex.stdoutLines.count == 1)
        #expect(hex.stdoutLines[0].count == 66)
        #expect(hex.stdoutLines[0].hasPrefix("02") || hex.stdoutLines[0].hasPrefix("03"))
    }

    @Test func pubkeyOfTheWrongKindFails() throws {
        let path = dir.file("service.key")
        #expect(try SkywireProcess.run(["keygen", "--kind", "service", "--out", path]).status == 0)
        expectOneLineError(try SkywireProcess.run(["pubkey", "--key", path, "--kind", "node"]), mentioning: path)
    }

    @Test func corruptedKeyFileIsOneLineError() throws {
        let path = dir.file("node.key")
        #expect(try SkywireProcess.run(["keygen", "--out", path]).status == 0)
        var bytes = TemporaryDirectory.bytes(path)
        let text = String(decoding: bytes, as: UTF8.self)
        let secretLine = try #require(text.range(of: "\nsecret "))
        let secretAt = text.utf8.distance(from: text.startIndex, to: secretLine.upperBound) + 10  // a hex digit
        bytes[secretAt] = bytes[secretAt] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        TemporaryDirectory.write(bytes, to: path)
        expectOneLineError(try SkywireProcess.run(["pubkey", "--key", path]), mentioning: path)

        TemporaryDirectory.write(Array(bytes.prefix(70)), to: path)
        expectOneLineError(try SkywireProcess.run(["pubkey", "--key", path]), mentioning: "truncated")

        TemporaryDirectory.write((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31) }, to: path)
        expectOneLineError(try SkywireProcess.run(["pubkey", "--key", path]), mentioning: path)
    }

    @Test func openPermissionsAreOneLineError() throws {
        let path = dir.file("node.key")
        #expect(try SkywireProcess.run(["keygen", "--out", path]).status == 0)
        chmod(path, 0o644)
        expectOneLineError(try SkywireProcess.run(["pubkey", "--key", path]), mentioning: "chmod 600 \(path)")
    }

    @Test func missingKeyFileIsOneLineError() throws {
        expectOneLineError(try SkywireProcess.run(["pubkey", "--key", dir.file("absent.key")]), mentioning: "does not exist")
    }

    @Test func usageMistakesAreOneLineErrors() throws {
        for arguments in [["frobnicate"], ["keygen", "--kind", "robot"], ["pubkey", "--nope"], ["keygen", "--out"]] {
            let result = try SkywireProcess.run(arguments)
            expectOneLineError(result)
            #expect(result.status == 64, "\(arguments)")
        }
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try SkywireProcess.run(["version"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        // `skywire --version` prints the bare constant; `skywire version` prefixes the name.
        let flag = try SkywireProcess.run(["--version"])
        #expect(flag.status == 0)
        #expect(flag.stdoutLines.count == 1)
        let version = try #require(flag.stdoutLines.first)
        #expect(version.first?.isNumber == true)
        #expect(result.stdoutLines.first.map(String.init) == "skywire \(version)")
        #expect(result.stdout.contains("libsodium "))
    }

    @Test(arguments: [[], ["keygen"], ["pubkey"], ["version"]])
    func helpWorks(_ subcommand: [String]) throws {
        for form in [subcommand + ["--help"], subcommand + ["-h"], ["help"] + subcommand] {
            let result = try SkywireProcess.run(form)
            #expect(result.status == 0, "\(form)")
            #expect(result.stderr.isEmpty, "\(form)")
            #expect(result.stdout.contains("USAGE: skywire"), "\(form)")
            #expect(result.stdout.contains("OVERVIEW: "), "\(form)")
        }
    }

    @Test func rootHelpListsEverySubcommand() throws {
        let help = try SkywireProcess.run(["--help"]).stdout
        for command in ["keygen", "pubkey", "version"] {
            #expect(help.contains("  \(command) "))
        }
    }
}
