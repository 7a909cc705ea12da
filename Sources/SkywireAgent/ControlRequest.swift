public import SkywireCrypto
import SkywireIdentity

/// A request on the control socket: one line, words separated by spaces.
///
/// | line | reply |
/// |---|---|
/// | `status` | node address, version, uptime, port, neighbours up, counters (text) |
/// | `status json` | the same as one JSON object |
/// | `neighbors` | one block per neighbour with a row per link (text) |
/// | `neighbors json` | `{"neighbors":[...]}` |
/// | `routes` | the routes that start or end here, and how many pass through (text) |
/// | `routes json` | `{"routes":[...],"transit_routes":n}` |
/// | `ping skn1... [count] [json]` | after the pings: one line per ping and a summary (`PingReport`) |
///
/// Anything else gets `error unknown request`.
public enum ControlRequest: Equatable, Sendable {
    case status(json: Bool)
    case neighbors(json: Bool)
    case routes(json: Bool)
    /// `count` echo requests to `destination` (1…`maximumPingCount`); answered when all are done.
    case ping(PublicKey, count: Int, json: Bool)

    /// The reply to a line that is not a request.
    public static let unknownReply = "error unknown request\n"
    /// Most pings one request may ask for.
    public static let maximumPingCount = 100
    /// Pings one request sends when it does not say.
    public static let defaultPingCount = 3

    /// Parses one request line (without or with its `\n`; surrounding blanks are ignored).
    /// Returns `nil` for anything that is not a request.
    public init?(line: some StringProtocol) {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard let verb = words.first else { return nil }
        words.removeFirst()
        var json = false
        if words.last == "json" {
            json = true
            words.removeLast()
        }
        switch verb {
        case "status", "neighbors", "routes":
            guard words.isEmpty else { return nil }
            self = verb == "status" ? .status(json: json) : verb == "neighbors" ? .neighbors(json: json) : .routes(json: json)
        case "ping":
            guard words.count == 1 || words.count == 2 else { return nil }
            guard let address = try? KeyAddress(parsing: String(words[0])), address.kind == .node else { return nil }
            var count = ControlRequest.defaultPingCount
            if words.count == 2 {
                guard let n = Int(words[1]), (1...ControlRequest.maximumPingCount).contains(n) else { return nil }
                count = n
            }
            self = .ping(address.publicKey, count: count, json: json)
        default:
            return nil
        }
    }

    /// The request line the CLI sends (without `\n`).
    public var line: String {
        switch self {
        case .status(let json): json ? "status json" : "status"
        case .neighbors(let json): json ? "neighbors json" : "neighbors"
        case .routes(let json): json ? "routes json" : "routes"
        case .ping(let key, let count, let json):
            "ping \(AgentText.nodeAddress(key)) \(count)" + (json ? " json" : "")
        }
    }
}
