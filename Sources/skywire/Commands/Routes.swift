import SkywireCommandLine

/// `skywire routes`: the routes that start or end at the running node, and how many it relays.
enum Routes {
    static let spec = CommandSpec(
        name: "routes",
        abstract: "Show the running node's routes: peer, hops, next hop, labels, RTT; and the transit count.",
        discussion: """
            Lists the routes set up by this node (status setting-up until the first answer, then \
            up) and those set up by other nodes that end here (incoming), and counts the routes \
            this node relays for others. Asks the agent over its control socket; exits 1 if no \
            agent is listening.
            """,
        options: ControlQuery.options,
        run: { try ControlQuery.ask({ .routes(json: $0) }, $0) }
    )
}
