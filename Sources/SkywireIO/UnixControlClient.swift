import Glibc

/// The CLI's side of the control socket: a blocking connection with a timeout.
///
/// Framing: `sendRequest` writes one line (a `\n` is appended) and half-closes;
/// `readResponse` reads until the server closes. `exchange` does both.
public final class UnixControlClient {
    /// The connected descriptor (blocking, close-on-exec).
    public let fileDescriptor: Int32

    /// Connects to the control socket at `path`; reads and writes time out after
    /// `timeoutSeconds` (0 = never).
    public init(connectingTo path: String, timeoutSeconds: Int = 10) throws(ControlSocketError) {
        let socketPath = try UnixSocketPath(path)
        let fd: Int32
        do {
            fd = try UnixSocketPath.makeSocket(nonBlocking: false)
        } catch {
            throw error.control
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        let length = socklen_t(MemoryLayout<timeval>.size)
        let failure: Int32?
        if setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, length) != 0
            || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, length) != 0 {
            failure = Glibc.errno
        } else {
            failure = socketPath.connect(fd)
        }
        if let failure {
            closeOwnedDescriptor(fd)
            throw .system(SystemError(errno: failure, call: "connect"))
        }
        fileDescriptor = fd
    }

    deinit { closeOwnedDescriptor(fileDescriptor) }

    /// Sends `line` plus `\n`, then half-closes the connection.
    public func sendRequest(_ line: String) throws(ControlSocketError) {
        guard !line.utf8.contains(UInt8(ascii: "\n")), !line.utf8.contains(0) else { throw .requestNotOneLine }
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written: Int
            do {
                written = try retryingInterrupts("send") {
                    bytes.withUnsafeBytes { raw in
                        Glibc.send(fileDescriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    }
                }
            } catch {
                throw error.isWouldBlock ? .timedOut : error.control
            }
            offset += written
        }
        if shutdown(fileDescriptor, Int32(SHUT_WR)) != 0 {
            throw .system(SystemError(errno: Glibc.errno, call: "shutdown"))
        }
    }

    /// Reads the whole response (until the server closes), refusing more than `limit` bytes.
    public func readResponse(limit: Int = 1 << 20) throws(ControlSocketError) -> [UInt8] {
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count: Int
            do {
                count = try retryingInterrupts("read") {
                    chunk.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
                }
            } catch {
                throw error.isWouldBlock ? .timedOut : error.control
            }
            if count == 0 { return response }
            guard response.count + count <= limit else { throw .responseTooLarge(limit: limit) }
            response.append(contentsOf: chunk[0..<count])
        }
    }

    /// Connects, sends one request line, and returns the full response.
    public static func exchange(
        path: String, request: String, timeoutSeconds: Int = 10, limit: Int = 1 << 20
    ) throws(ControlSocketError) -> [UInt8] {
        let client = try UnixControlClient(connectingTo: path, timeoutSeconds: timeoutSeconds)
        try client.sendRequest(request)
        return try client.readResponse(limit: limit)
    }
}
