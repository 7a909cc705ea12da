import SkywireAgent
import SkywireCommandLine

/// `skywire run`: the node runtime, in the foreground until SIGINT or SIGTERM.
enum Run {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run the node: links, LAN discovery and the control socket (foreground).",
        discussion: """
            Reads the config file (default /etc/skywire/config; a missing default file means \
            all defaults; format in docs/config.md). Options given here override the file; \
            --peer adds to the file's peers. On first start the node key file is created \
            (mode 0600). Logs go to stderr, one line per event. SIGINT or SIGTERM stop the node \
            and remove its control socket.
            """,
        options: [
            .option("config", value: "file", help: "The config file (default /etc/skywire/config)."),
            .option("key", value: "file", help: "The node key file (default /var/lib/skywire/node.key)."),
            .option("port", value: "n", help: "The UDP link port, IPv4 and IPv6 (default 6555; 0: any free port)."),
            .option("peer", value: "key@host:port",
                    help: "A static neighbour, skn1...@a.b.c.d:port or skn1...@[v6]:port (repeatable).", repeatable: true),
            .option("control", value: "path", help: "The control socket (default /run/skywire/control.sock)."),
            .flag("no-discovery", help: "No LAN discovery: send no beacons, answer none."),
            .option("log-level", value: "level", help: "error, warning, info or debug (default info)."),
        ],
        run: run
    )

    static func run(_ arguments: ParsedArguments) throws {
        _ = try overrides(of: AgentConfig(), arguments)  // usage mistakes before any file is read
        let fileConfig = try ConfigFile.load(path: arguments.value("config"))
        let settings = try overrides(of: fileConfig, arguments)
        let agent = try Agent(config: settings, version: SkywireVersion.current, logger: Logger(level: settings.logLevel))
        agent.stopOnTerminationSignals()
        try agent.run()
    }

    /// `base` with the command-line options applied; a bad value is a usage error.
    private static func overrides(of base: AgentConfig, _ arguments: ParsedArguments) throws(UsageError) -> AgentConfig {
        var settings = base
        func value<T>(_ option: String, _ result: Result<T, ValueError>) throws(UsageError) -> T {
            switch result {
            case .success(let value): return value
            case .failure(let error): throw .invalid("--\(option): \(error)")
            }
        }
        if let key = arguments.value("key") { settings.keyPath = try value("key", ConfigValues.path(key[...])) }
        if let port = arguments.value("port") { settings.port = try value("port", ConfigValues.port(port[...])) }
        if let control = arguments.value("control") {
            settings.controlPath = try value("control", ConfigValues.socketPath(control[...]))
        }
        if let level = arguments.value("log-level") {
            settings.logLevel = try value("log-level", ConfigValues.logLevel(level[...]))
        }
        for peer in arguments.values("peer") { settings.peers.append(try value("peer", ConfigValues.peer(peer[...]))) }
        if arguments.flag("no-discovery") { settings.discovery = false }
        return settings
    }
}
