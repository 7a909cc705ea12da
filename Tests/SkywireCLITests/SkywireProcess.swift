import Foundation

/// Runs the built `skywire` executable as a child process.
///
/// The binary is found next to the test bundle: SwiftPM puts every product of a build in one
/// directory (`<scratch>/<triple>/<config>/`), whatever `--scratch-path` says, so walking up from
/// this test process's own executable finds it. `SKYWIRE_BINARY` overrides the search.
enum SkywireProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        var stdoutLines: [Substring] { stdout.split(separator: "\n", omittingEmptySubsequences: true) }
        var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }
    }

    static let binary: String? = {
        if let override = ProcessInfo.processInfo.environment["SKYWIRE_BINARY"] { return override }
        let starts = [
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "",
            CommandLine.arguments.first ?? "",
            Bundle.main.bundlePath,
        ]
        for start in starts where !start.isEmpty {
            var dir = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("skywire").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate) {
                    return candidate
                }
                dir.deleteLastPathComponent()
            }
        }
        return nil
    }()

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        guard let binary else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Outputs are small; read both to the end, then reap the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the skywire executable was not found next to the test bundle; build it or set SKYWIRE_BINARY" }
    }
}
