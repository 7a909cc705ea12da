import SkywireAgent
import SkywireCommandLine

/// The options and the exchange shared by commands that ask the running agent something.
enum ControlQuery {
    static let options: [OptionSpec] = [
        .flag("json", help: "Print one JSON object instead of text."),
        .option("control", value: "path", help: "The control socket (default /run/skywire/control.sock)."),
    ]

    static func ask(_ request: (Bool) -> ControlRequest, _ arguments: ParsedArguments) throws {
        let path = arguments.value("control") ?? AgentConfig.defaultControlPath
        print(try ControlClient.query(request(arguments.flag("json")), path: path), terminator: "")
    }
}
