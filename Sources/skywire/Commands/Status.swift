import SkywireCommandLine

/// `skywire status`: asks the running node who it is and how it is doing.
enum Status {
    static let spec = CommandSpec(
        name: "status",
        abstract: "Show the running node's address, version, uptime, port, neighbours and counters.",
        discussion: "Asks the agent over its control socket; exits 1 if no agent is listening.",
        options: ControlQuery.options,
        run: { try ControlQuery.ask({ .status(json: $0) }, $0) }
    )
}
