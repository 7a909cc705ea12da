import Glibc

/// One accepted control connection (non-blocking, close-on-exec); closed on deinit.
///
/// Framing of the control protocol: the client sends one request line (UTF-8, ending in
/// `\n`, no other `\n`) and then half-closes its side; the server answers with one response
/// of any length and closes the connection. The end of the response is the end of the stream.
public final class UnixStreamConnection {
    /// The connection descriptor (register it with `Epoll`).
    public let fileDescriptor: Int32

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit { closeOwnedDescriptor(fileDescriptor) }

    /// Reads available bytes: the count (0 = the peer closed), or `nil` when none is available.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int? {
        try retryingInterruptsUnlessWouldBlock("read") {
            Glibc.read(fileDescriptor, buffer.baseAddress, buffer.count)
        }
    }

    /// Writes what fits now: the count written, or `nil` when the socket buffer is full.
    /// A closed peer gives EPIPE as an error, never SIGPIPE.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int? {
        try retryingInterruptsUnlessWouldBlock("send") {
            Glibc.send(fileDescriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        }
    }

    /// Ends the writing side (the peer reads end-of-stream) while reads go on.
    public func shutdownWrite() throws(SystemError) {
        _ = try retryingInterrupts("shutdown") { shutdown(fileDescriptor, Int32(SHUT_WR)) }
    }

    /// The peer's process, user and group ids (SO_PEERCRED), for authorising requests.
    public func peerCredentials() throws(SystemError) -> (processID: Int32, userID: UInt32, groupID: UInt32) {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        _ = try retryingInterrupts("getsockopt(SO_PEERCRED)") {
            getsockopt(fileDescriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length)
        }
        return (credentials.0, credentials.1, credentials.2)
    }
}
