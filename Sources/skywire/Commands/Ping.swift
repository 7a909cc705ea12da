import SkywireAgent
import SkywireCommandLine
import SkywireIdentity

/// `skywire ping`: echo requests from the running node to another node over a mesh route.
enum Ping {
    static let spec = CommandSpec(
        name: "ping",
        abstract: "Ping a node over the mesh: round trip and hop count per echo request.",
        discussion: """
            The running agent sets up a route to the node (the first request rides in the route \
            setup) and sends the others on it, one a second. Prints one line per request and a \
            summary when all are answered or timed out (5 s each); exits 1 if none was answered \
            or there is no route yet.
            """,
        options: [
            .option("count", short: "c", value: "n", help: "Echo requests to send, 1…100 (default 3)."),
        ] + ControlQuery.options,
        arguments: [ArgumentSpec("node", help: "The node address, skn1...")],
        run: run
    )

    static func run(_ arguments: ParsedArguments) throws {
        let key = try arguments.argument("node", expected: "a node address (skn1...)") { text in
            (try? KeyAddress(parsing: text)).flatMap { $0.kind == .node ? $0.publicKey : nil }
        }
        let count = try arguments.value("count", expected: "a number from 1 to \(ControlRequest.maximumPingCount)") {
            Int($0).flatMap { (1...ControlRequest.maximumPingCount).contains($0) ? $0 : nil }
        } ?? ControlRequest.defaultPingCount
        let path = arguments.value("control") ?? AgentConfig.defaultControlPath
        // Each request may wait for its 5 s timeout; the agent answers only when all are done.
        let reply = try ControlClient.query(
            .ping(key, count: count, json: arguments.flag("json")), path: path, timeoutSeconds: count * 5 + 10)
        print(reply, terminator: "")
        if (PingReport.receivedCount(inReply: reply) ?? 0) == 0 {
            throw PingFailure.noReply
        }
    }

    enum PingFailure: Error, CustomStringConvertible {
        case noReply
        var description: String { "no reply" }
    }
}
