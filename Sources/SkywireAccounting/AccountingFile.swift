import Glibc

/// The few file operations the receipt store needs, each retried on EINTR; failures name the path.
enum AccountingFile {
    static func fail(_ path: String, _ operation: String, _ code: Int32 = errno) -> ReceiptStoreError {
        .system(path: path, operation: operation, errno: code)
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600) throws(ReceiptStoreError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw fail(path, "open") }
        }
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// The whole file, up to `limit` bytes.
    static func readAll(_ path: String, limit: Int) throws(ReceiptStoreError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while result.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit - result.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "read")
            }
            if n == 0 { break }
            result += chunk[0..<n]
        }
        return result
    }

    /// Writes all of `bytes` with as few calls as the kernel allows (one, for a regular file).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ReceiptStoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "write")
            }
            done += n
        }
    }

    static func sync(_ fd: Int32, path: String) throws(ReceiptStoreError) {
        while fdatasync(fd) != 0 {
            if errno != EINTR { throw fail(path, "fdatasync") }
        }
    }

    static func truncate(_ path: String, to length: Int) throws(ReceiptStoreError) {
        let fd = try open(path, O_WRONLY)
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0 else { throw fail(path, "ftruncate") }
        try sync(fd, path: path)
    }

    static func remove(_ path: String) throws(ReceiptStoreError) {
        if unlink(path) != 0, errno != ENOENT { throw fail(path, "unlink") }
    }

    /// fsyncs a directory so that creating or deleting a file in it survives a power cut.
    static func syncDirectory(_ directory: String) throws(ReceiptStoreError) {
        let fd = try open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL, errno != EROFS { throw fail(directory, "fsync") }
    }

    /// `mkdir -p` with mode 0700 for what it creates.
    static func makeDirectories(_ directory: String) throws(ReceiptStoreError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw fail(prefix, "mkdir") }
        }
    }

    /// The names in `directory` (without `.` and `..`).
    static func names(in directory: String) throws(ReceiptStoreError) -> [String] {
        guard let handle = opendir(directory) else { throw fail(directory, "opendir") }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
