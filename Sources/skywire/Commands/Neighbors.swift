import ArgumentParser
import SkywireAgent

/// `skywire neighbors`: the running node's neighbours and the links to each.
struct Neighbors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the running node's neighbours and, per link, path, state, RTT, loss and throughput.",
        discussion: "Asks the agent over its control socket; exits 1 if no agent is listening."
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The control socket (default /run/skywire/control.sock).", valueName: "path"))
    var control: String = AgentConfig.defaultControlPath

    func run() throws {
        print(try ControlClient.query(.neighbors(json: json), path: control), terminator: "")
    }
}
