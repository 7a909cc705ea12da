import SkywireIO

/// The control socket's server side, driven by the agent's epoll loop.
///
/// Each connection sends one request line and half-closes; the server answers and closes (the
/// framing of `UnixStreamConnection`). Requests longer than `maximumRequest` bytes, connections
/// that stay silent for `timeout`, and connections beyond `maximumConnections` are closed.
/// Responses are written as the socket takes them (EPOLLOUT when it is full).
///
/// A request may be answered later (`ControlAnswer.deferred`, e.g. `ping`): its connection is
/// taken out of epoll until `answer(token:text:epoll:)` delivers the reply, or closed at the
/// deadline the request gave.
final class ControlServer {
    static let maximumRequest = 1024
    static let maximumConnections = 32
    static let timeout: UInt64 = 5_000_000_000
    /// Epoll tokens of connections start here (the agent's fixed tokens are below).
    static let firstToken: UInt64 = 1 << 32

    private final class Connection {
        let stream: UnixStreamConnection
        var deadline: UInt64
        /// Waiting for `answer` (not in epoll meanwhile).
        var isDeferred = false
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

    /// Handles readiness on a connection; `respond` turns a request (nil: not a request) and the
    /// connection's token into the reply, now or later. Returns true when a request was read.
    @discardableResult
    func handle(token: UInt64, epoll: Epoll, respond: (ControlRequest?, UInt64) -> ControlAnswer) -> Bool {
        guard let connection = connections[token], !connection.isDeferred else { return false }
        var answered = false
        if connection.response == nil {
            switch readRequest(connection) {
            case .waiting:
                return false
            case .failed:
                connections[token] = nil
                return false
            case .complete(let line):
                answered = true
                switch respond(line.flatMap { ControlRequest(line: $0) }, token) {
                case .reply(let text):
                    connection.response = Array(text.utf8)
                case .deferred(let deadline):
                    // Out of epoll: a half-closed peer would otherwise make the socket readable
                    // (EOF) on every wait until the answer is ready.
                    try? epoll.remove(connection.stream.fileDescriptor)
                    connection.isDeferred = true
                    connection.deadline = deadline
                    return answered
                }
            case .tooLong:
                connection.response = Array(ControlRequest.unknownReply.utf8)
                answered = true
            }
        }
        write(connection, token: token, epoll: epoll)
        return answered
    }

    /// Delivers the reply to a deferred request. False when its connection is gone (timed out).
    @discardableResult
    func answer(token: UInt64, text: String, epoll: Epoll) -> Bool {
        guard let connection = connections[token], connection.isDeferred else { return false }
        connection.isDeferred = false
        connection.response = Array(text.utf8)
        do {
            try epoll.add(connection.stream.fileDescriptor, interest: [.writable], token: token)
        } catch {
            connections[token] = nil
            return false
        }
        write(connection, token: token, epoll: epoll)
        return true
    }

    /// Closes connections whose deadline passed. Returns the tokens of deferred requests that
    /// were closed unanswered.
    @discardableResult
    func expire(now: UInt64) -> [UInt64] {
        var abandoned: [UInt64] = []
        for (token, connection) in connections where connection.deadline <= now {
            if connection.isDeferred { abandoned.append(token) }
            connections[token] = nil
        }
        return abandoned
    }

    private func write(_ connection: Connection, token: UInt64, epoll: Epoll) {
        switch writeResponse(connection) {
        case .done, .failed:
            connections[token] = nil
        case .blocked:
            try? epoll.modify(connection.stream.fileDescriptor, interest: [.writable], token: token)
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

/// How the agent answers a control request.
enum ControlAnswer {
    /// This text, now.
    case reply(String)
    /// Later, through `ControlServer.answer`; the connection is closed unanswered at `deadline`.
    case deferred(deadline: UInt64)
}
