/// A request on the control socket: one line, words separated by spaces.
///
/// | line | reply |
/// |---|---|
/// | `status` | node address, version, uptime, port, neighbours up, counters (text) |
/// | `status json` | the same as one JSON object |
/// | `neighbors` | one block per neighbour with a row per link (text) |
/// | `neighbors json` | `{"neighbors":[...]}` |
///
/// Anything else gets `error unknown request`.
public enum ControlRequest: Equatable, Sendable {
    case status(json: Bool)
    case neighbors(json: Bool)

    /// The reply to a line that is not a request.
    public static let unknownReply = "error unknown request\n"

    /// Parses one request line (without or with its `\n`; surrounding blanks are ignored).
    /// Returns `nil` for anything that is not a request.
    public init?(line: some StringProtocol) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard let verb = words.first, words.count <= 2 else { return nil }
        let json: Bool
        if words.count == 2 {
            guard words[1] == "json" else { return nil }
            json = true
        } else {
            json = false
        }
        switch verb {
        case "status": self = .status(json: json)
        case "neighbors": self = .neighbors(json: json)
        default: return nil
        }
    }

    /// The request line the CLI sends (without `\n`).
    public var line: String {
        switch self {
        case .status(let json): json ? "status json" : "status"
        case .neighbors(let json): json ? "neighbors json" : "neighbors"
        }
    }
}
