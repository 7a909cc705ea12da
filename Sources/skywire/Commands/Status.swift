import ArgumentParser
import SkywireAgent

/// `skywire status`: asks the running node who it is and how it is doing.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the running node's address, version, uptime, port, neighbours and counters.",
        discussion: "Asks the agent over its control socket; exits 1 if no agent is listening."
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The control socket (default /run/skywire/control.sock).", valueName: "path"))
    var control: String = AgentConfig.defaultControlPath

    func run() throws {
        print(try ControlClient.query(.status(json: json), path: control), terminator: "")
    }
}
