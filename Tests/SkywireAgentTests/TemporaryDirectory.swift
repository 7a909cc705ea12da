import Foundation

/// A fresh directory under /tmp (short paths: control sockets must fit in 107 bytes), removed
/// when the value goes away.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() {
        var template = Array("/tmp/skywire-agent-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        path = made!  // a test cannot run without its directory
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ text: String, to name: String, mode: Int = 0o600) {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8),
                                           attributes: [.posixPermissions: mode])
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
}
