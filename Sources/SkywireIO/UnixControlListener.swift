import Glibc
internal import CSkywireLinux

/// The node's control socket: a Unix-domain stream listener at a filesystem path, mode 0600.
///
/// Setup: the parent directory is created with mode 0700 if missing (an existing one is left as
/// it is); a socket file already at the path is removed only if nothing accepts connections on
/// it (a stale file from a crashed node); anything else at the path is refused. The socket is
/// `fchmod`ed to 0600 before `bind`, so the file never exists with wider permissions, and
/// `chmod`ed again after. On deinit the descriptor is closed and the file removed if it is
/// still the one this listener created. See `UnixStreamConnection` for the framing.
public final class UnixControlListener {
    /// The listening descriptor (non-blocking; register it with `Epoll` for `.readable`).
    public let fileDescriptor: Int32
    /// The socket file's path.
    public let path: String
    private let device: UInt, inode: UInt

    /// Creates the socket file at `path` and listens on it.
    public init(path: String, backlog: Int32 = 16) throws(ControlSocketError) {
        let socketPath = try UnixSocketPath(path)
        try UnixControlListener.ensureParentDirectory(socketPath.parent)
        try UnixControlListener.removeStaleSocket(socketPath)
        let fd: Int32
        do {
            fd = try UnixSocketPath.makeSocket(nonBlocking: true)
        } catch {
            throw error.control
        }
        do throws(SystemError) {
            _ = try retryingInterrupts("fchmod") { fchmod(fd, 0o600) }
            _ = try retryingInterrupts("bind") { socketPath.withAddress { bind(fd, $0, $1) } }
            _ = try retryingInterrupts("chmod") { path.withCString { chmod($0, 0o600) } }
            _ = try retryingInterrupts("listen") { listen(fd, backlog) }
            guard let info = try socketPath.status() else { throw SystemError(errno: ENOENT, call: "lstat") }
            device = UInt(info.st_dev)
            inode = UInt(info.st_ino)
        } catch {
            closeOwnedDescriptor(fd)
            throw error.control
        }
        fileDescriptor = fd
        self.path = path
    }

    deinit {
        closeOwnedDescriptor(fileDescriptor)
        var info = stat()
        let ours = path.withCString { lstat($0, &info) } == 0 && UInt(info.st_dev) == device && UInt(info.st_ino) == inode
        if ours { _ = path.withCString { unlink($0) } }
    }

    /// Accepts one pending connection (non-blocking, close-on-exec), or `nil` when none is
    /// pending. Call until `nil` after a `.readable` event.
    public func accept() throws(SystemError) -> UnixStreamConnection? {
        let accept4 = CSkywireLinux_accept4
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        do {
            guard let fd = try retryingInterruptsUnlessWouldBlock("accept4", {
                accept4(fileDescriptor, nil, nil, flags)
            }) else { return nil }
            return UnixStreamConnection(fileDescriptor: fd)
        } catch {
            // The client gave up before we accepted: nothing to hand out.
            if error.errno == ECONNABORTED { return nil }
            throw error
        }
    }

    private static func ensureParentDirectory(_ parent: String) throws(ControlSocketError) {
        var info = stat()
        if parent.withCString({ stat($0, &info) }) == 0 { return }
        do {
            _ = try retryingInterrupts("mkdir") { parent.withCString { mkdir($0, 0o700) } }
        } catch {
            if error.errno != EEXIST { throw error.control }
        }
    }

    /// Removes a socket file nobody listens on; refuses a live socket or a non-socket.
    private static func removeStaleSocket(_ socketPath: UnixSocketPath) throws(ControlSocketError) {
        let existing: stat?
        do {
            existing = try socketPath.status()
        } catch {
            throw error.control
        }
        guard let existing else { return }
        guard existing.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(socketPath.path) }
        let probe: Int32
        do {
            probe = try UnixSocketPath.makeSocket(nonBlocking: true)
        } catch {
            throw error.control
        }
        let failure = socketPath.connect(probe)
        closeOwnedDescriptor(probe)
        switch failure {
        case nil, EAGAIN?:
            // Connected, or a full backlog: a live listener either way.
            throw .alreadyListening(socketPath.path)
        case ECONNREFUSED?:
            do {
                _ = try retryingInterrupts("unlink") { socketPath.path.withCString { unlink($0) } }
            } catch {
                if error.errno != ENOENT { throw error.control }
            }
        case let code?:
            throw .system(SystemError(errno: code, call: "connect"))
        }
    }
}
