import Glibc

/// The few Glibc calls key files need, each retried on EINTR and reporting errno.
/// Every failure is a ``KeyFileError/system(path:operation:errno:)`` naming `path`.
enum PosixFile {
    static let typeMask: UInt32 = 0o170000
    static let regularType: UInt32 = 0o100000
    static let directoryType: UInt32 = 0o040000

    static func fail(_ path: String, _ operation: String) -> KeyFileError {
        .system(path: path, operation: operation, errno: errno)
    }

    /// An errno value as an error, for `Result`.
    struct Errno: Error { let code: Int32 }

    /// `open(2)` with O_CLOEXEC, retried on EINTR; returns the descriptor or errno.
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Result<Int32, Errno> {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(Errno(code: errno)) }
        }
    }

    static func close(_ fd: Int32) {
        // Linux closes the descriptor even when close(2) reports EINTR: never retry.
        _ = Glibc.close(fd)
    }

    /// `lstat(2)`: the mode, `nil` when nothing is at `path`, or a failure.
    static func lstatMode(_ path: String) throws(KeyFileError) -> UInt32? {
        var st = stat()
        if Glibc.lstat(path, &st) == 0 { return UInt32(st.st_mode) }
        if errno == ENOENT { return nil }
        throw fail(path, "lstat")
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(KeyFileError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "write")
            }
            done += n
        }
    }

    /// Reads until end of file or until `buffer` is full; returns the number of bytes read.
    static func readAll(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(KeyFileError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "read")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func fsync(_ fd: Int32, path: String) throws(KeyFileError) {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw fail(path, "fsync") }
        }
    }

    /// fsyncs the directory holding `path` so a rename or link in it survives a power cut.
    static func fsyncDirectory(_ directory: String, of path: String) throws(KeyFileError) {
        let fd: Int32
        switch open(directory, O_RDONLY | O_DIRECTORY) {
        case .success(let descriptor): fd = descriptor
        case .failure(let failure):
            throw .system(path: path, operation: "open directory \(directory)", errno: failure.code)
        }
        defer { close(fd) }
        do throws(KeyFileError) {
            try fsync(fd, path: path)
        } catch {
            // Some filesystems cannot fsync a directory; the data itself was synced already.
            if case .system(_, _, let code) = error, code == EINVAL || code == EROFS || code == ENOTSUP { return }
            throw error
        }
    }

    /// `mkdir -p` with mode 0700 for the directories it makes; errors name the key file `path`.
    static func makeDirectories(_ directory: String, of path: String) throws(KeyFileError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if Glibc.mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw fail(path, "create directory \(prefix)")
            }
        }
    }

    /// The directory part of `path` ("." when there is none).
    static func directory(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == 0 { return "/" }
        return String(decoding: bytes[..<slash], as: UTF8.self)
    }

    /// The last component of `path`.
    static func baseName(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: bytes[(slash + 1)...], as: UTF8.self)
    }
}
