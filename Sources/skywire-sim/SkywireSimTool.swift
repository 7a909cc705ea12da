import SkywireCommandLine

/// `skywire-sim`: the deterministic simulator as a developer tool, kept out of the firmware
/// agent (`skywire`) so the static binary stays small. `scripts/sim` runs it.
@main
enum SkywireSimTool {
    static func main() {
        var spec = Sim.spec
        spec.name = "skywire-sim"
        CommandLineTool.main(spec, version: "0.1.0-dev", arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
