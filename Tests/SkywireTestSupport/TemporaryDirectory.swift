import Foundation

/// A fresh directory under the system temp dir, removed when the value goes away.
public final class TemporaryDirectory {
    public let path: String

    public init(prefix: String = "skywire-test") {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        path = made!  // a test cannot run without its directory
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    public func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? []
    }

    public static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: Int = 0o600) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: mode])
        chmod(path, mode_t(mode))
    }

    public static func mode(_ path: String) -> UInt32 {
        var st = stat()
        precondition(stat(path, &st) == 0)
        return UInt32(st.st_mode) & 0o7777
    }
}
