/// Which side of a Noise handshake acts.
public enum HandshakeRole: Sendable, Equatable {
    /// Writes message 0 (and every even-numbered message).
    case initiator
    /// Reads message 0 and writes every odd-numbered message.
    case responder

    /// Whether this role writes the message with the given 0-based index.
    func writes(messageIndex: Int) -> Bool {
        switch self {
        case .initiator: return messageIndex % 2 == 0
        case .responder: return messageIndex % 2 == 1
        }
    }
}

/// Where a handshake stands: the one call that is valid next, or its end.
public enum HandshakeProgress: Sendable, Equatable {
    /// This side writes the message with this 0-based index next (`writeMessage`).
    case writeNext(messageIndex: Int)
    /// This side reads the message with this 0-based index next (`readMessage`).
    case readNext(messageIndex: Int)
    /// Every message was exchanged; `split()` gives the transport keys.
    case complete
    /// A message was refused or the caller aborted; the state holds no secrets any more.
    case failed
}
