import SkywireCommandLine

/// `skywire neighbors`: the running node's neighbours and the links to each.
enum Neighbors {
    static let spec = CommandSpec(
        name: "neighbors",
        abstract: "Show the running node's neighbours and, per link, path, state, RTT, loss and throughput.",
        discussion: "Asks the agent over its control socket; exits 1 if no agent is listening.",
        options: ControlQuery.options,
        run: { try ControlQuery.ask({ .neighbors(json: $0) }, $0) }
    )
}
