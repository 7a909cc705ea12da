import Glibc

/// A validated filesystem path for an AF_UNIX socket, and the calls that use it.
struct UnixSocketPath {
    let path: String

    init(_ path: String) throws(ControlSocketError) {
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard !path.isEmpty, path.utf8.count < capacity, !path.utf8.contains(0) else {
            throw .invalidPath(path)
        }
        self.path = path
    }

    /// The directory that holds the socket file.
    var parent: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = path[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    /// Calls `body` with the sockaddr_un for this path.
    func withAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (offset, byte) in path.utf8.enumerated() { raw[offset] = byte }
            raw[path.utf8.count] = 0
        }
        return withUnsafeBytes(of: &address) { whole in
            body(whole.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }

    /// A new AF_UNIX stream socket, close-on-exec, optionally non-blocking.
    static func makeSocket(nonBlocking: Bool) throws(SystemError) -> Int32 {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        return try retryingInterrupts("socket") { socket(AF_UNIX, type, 0) }
    }

    /// Connects `fd` to the path. Returns nil on success, else the errno.
    func connect(_ fd: Int32) -> Int32? {
        var interrupted = false
        do {
            _ = try retryingInterrupts("connect") {
                let result = withAddress { Glibc.connect(fd, $0, $1) }
                if result == -1 && Glibc.errno == EINTR { interrupted = true }
                return result
            }
            return nil
        } catch {
            // A connect interrupted by a signal goes on in the kernel; its retry then reports
            // that the socket is connected (or still connecting).
            if interrupted && (error.errno == EISCONN || error.errno == EALREADY) { return nil }
            return error.errno
        }
    }

    /// lstat of the path: nil if nothing is there.
    func status() throws(SystemError) -> stat? {
        var info = stat()
        do {
            _ = try retryingInterrupts("lstat") { path.withCString { lstat($0, &info) } }
        } catch {
            if error.errno == ENOENT { return nil }
            throw error
        }
        return info
    }
}
