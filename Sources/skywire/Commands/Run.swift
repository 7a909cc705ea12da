import ArgumentParser
import SkywireAgent

/// `skywire run`: the node runtime, in the foreground until SIGINT or SIGTERM.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the node: links, LAN discovery and the control socket (foreground).",
        discussion: """
            Reads the config file (default /etc/skywire/config; a missing default file means \
            all defaults; format in docs/config.md). Options given here override the file; \
            --peer adds to the file's peers. On first start the node key file is created \
            (mode 0600). Logs go to stderr, one line per event. SIGINT or SIGTERM stop the node \
            and remove its control socket.
            """
    )

    @Option(help: ArgumentHelp("The config file (default /etc/skywire/config).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The node key file (default /var/lib/skywire/node.key).", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("The UDP link port, IPv4 and IPv6 (default 6555; 0: any free port).", valueName: "n"))
    var port: String?

    @Option(name: .customLong("peer"),
            help: ArgumentHelp("A static neighbour, skn1...@a.b.c.d:port or skn1...@[v6]:port (repeatable).",
                               valueName: "key@host:port"))
    var peers: [String] = []

    @Option(help: ArgumentHelp("The control socket (default /run/skywire/control.sock).", valueName: "path"))
    var control: String?

    @Flag(help: "No LAN discovery: send no beacons, answer none.")
    var noDiscovery = false

    @Option(help: ArgumentHelp("error, warning, info or debug (default info).", valueName: "level"))
    var logLevel: String?

    func validate() throws {
        _ = try overrides(of: AgentConfig())
    }

    func run() throws {
        let fileConfig = try ConfigFile.load(path: config)
        let settings = try overrides(of: fileConfig)
        let agent = try Agent(config: settings, version: SkywireVersion.current, logger: Logger(level: settings.logLevel))
        agent.stopOnTerminationSignals()
        try agent.run()
    }

    /// `base` with the command-line options applied; a bad value is a usage error.
    private func overrides(of base: AgentConfig) throws -> AgentConfig {
        var settings = base
        func value<T>(_ option: String, _ result: Result<T, ValueError>) throws -> T {
            switch result {
            case .success(let value): return value
            case .failure(let error): throw ValidationError("--\(option): \(error)")
            }
        }
        if let key { settings.keyPath = try value("key", ConfigValues.path(key[...])) }
        if let port { settings.port = try value("port", ConfigValues.port(port[...])) }
        if let control { settings.controlPath = try value("control", ConfigValues.socketPath(control[...])) }
        if let logLevel { settings.logLevel = try value("log-level", ConfigValues.logLevel(logLevel[...])) }
        for peer in peers { settings.peers.append(try value("peer", ConfigValues.peer(peer[...]))) }
        if noDiscovery { settings.discovery = false }
        return settings
    }
}
