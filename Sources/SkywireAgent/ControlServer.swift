import SkywireIO

/// The control socket's server side, driven by the agent's epoll loop.
///
/// Each connection sends one request line and half-closes; the server answers and closes (the
/// framing of `UnixStreamConnection`). Requests longer than `maximumRequest` bytes, connections
/// that stay silent for `timeout`, and connections beyond `maximumConnections` are closed.
/// Responses are written as the socket takes them (EPOLLOUT when it is full).
final class ControlServer {
    static let maximumRequest = 1024
    static let maximumConnections = 32
    static let timeout: UInt64 = 5_000_000_000
    /// Epoll tokens of connections start here (the agent's fixed tokens are below).
    static let firstToken: UInt64 = 1 << 32

    private final class Connection {
        let stream: UnixStreamConnection
        let deadline: UInt64
        var request: [UInt8] = []
        var response: [UInt8]? = nil
        var written = 0

        init(stream: UnixStreamConnection, deadline: UInt64) {
            self.stream = stream
            self.deadline = deadline
        }
    }

    private var listener: UnixControlListener?
    private var connections: [UInt64: Connection] = [:]
    private var nextToken = ControlServer.firstToken
    private var readBuffer = [UInt8](repeating: 0, count: 512)
    /// The socket path.
    let path: String

    init(path: String) throws(ControlSocketError) {
        listener = try UnixControlListener(path: path)
        self.path = path
    }

    /// The listening descriptor, while open.
    var fileDescriptor: Int32? { listener?.fileDescriptor }

    /// True for the tokens of connections.
    static func isConnectionToken(_ token: UInt64) -> Bool { token >= firstToken }

    /// The earliest connection timeout, if any connection is open.
    var nextDeadline: UInt64? { connections.values.lazy.map(\.deadline).min() }

    /// Accepts every pending connection and registers it for reading.
    func acceptPending(epoll: Epoll, now: UInt64, logger: Logger) {
        guard let listener else { return }
        while true {
            let stream: UnixStreamConnection?
            do {
                stream = try listener.accept()
            } catch {
                logger.warning("control socket accept: \(error)")
                return
            }
            guard let stream else { return }
            guard connections.count < ControlServer.maximumConnections else {
                logger.debug("control socket: too many connections, closing one")
                continue
            }
            let token = nextToken
            nextToken &+= 1
            do {
                try epoll.add(stream.fileDescriptor, interest: [.readable], token: token)
            } catch {
                logger.warning("control socket: \(error)")
                continue
            }
            connections[token] = Connection(stream: stream, deadline: now + ControlServer.timeout)
        }
    }

    /// Handles readiness on a connection; `respond` turns a request (nil: not a request) into
    /// the reply text. Returns true when a request was answered.
    @discardableResult
    func handle(token: UInt64, epoll: Epoll, respond: (ControlRequest?) -> String) -> Bool {
        guard let connection = connections[token] else { return false }
        var answered = false
        if connection.response == nil {
            switch readRequest(connection) {
            case .waiting:
                return false
            case .failed:
                connections[token] = nil
                return false
            case .complete(let line):
                connection.response = Array(respond(line.flatMap { ControlRequest(line: $0) }).utf8)
                answered = true
            case .tooLong:
                connection.response = Array(ControlRequest.unknownReply.utf8)
                answered = true
            }
        }
        switch writeResponse(connection) {
        case .done, .failed:
            connections[token] = nil
        case .blocked:
            try? epoll.modify(connection.stream.fileDescriptor, interest: [.writable], token: token)
        }
        return answered
    }

    /// Closes connections whose deadline passed.
    func expire(now: UInt64) {
        for (token, connection) in connections where connection.deadline <= now {
            connections[token] = nil
        }
    }

    /// Closes every connection and the listener (which removes the socket file).
    func close() {
        connections.removeAll()
        listener = nil
    }

    private enum ReadOutcome {
        case waiting
        case failed
        /// The request line (nil: not valid UTF-8).
        case complete(String?)
        case tooLong
    }

    private func readRequest(_ connection: Connection) -> ReadOutcome {
        while true {
            let count: Int?
            do {
                count = try readBuffer.withUnsafeMutableBytes { (raw) throws(SystemError) -> Int? in
                    try connection.stream.read(into: raw)
                }
            } catch {
                return .failed
            }
            guard let count else { return .waiting }
            if count == 0 { return .complete(String(validating: connection.request, as: UTF8.self)) }
            connection.request.append(contentsOf: readBuffer[0..<count])
            if let newline = connection.request.firstIndex(of: UInt8(ascii: "\n")) {
                return .complete(String(validating: connection.request[..<newline], as: UTF8.self))
            }
            if connection.request.count > ControlServer.maximumRequest { return .tooLong }
        }
    }

    private enum WriteOutcome { case done, blocked, failed }

    private func writeResponse(_ connection: Connection) -> WriteOutcome {
        guard let response = connection.response else { return .failed }
        while connection.written < response.count {
            let count: Int?
            do {
                count = try response.withUnsafeBytes { (raw) throws(SystemError) -> Int? in
                    try connection.stream.write(UnsafeRawBufferPointer(rebasing: raw[connection.written...]))
                }
            } catch {
                return .failed
            }
            guard let count else { return .blocked }
            connection.written += count
        }
        return .done
    }
}
