import SkywireCommandLine

/// The `skywire` command: the root of every subcommand.
///
/// Errors leave as exactly one line on stderr, `skywire: error: <message>`, and a non-zero exit
/// status (1 for a failure at run time, 64 for a usage mistake); help goes to stdout.
@main
enum Skywire {
    static let root = CommandSpec(
        name: "skywire",
        abstract: "A mesh-network agent: secp256k1 identities, encrypted links, source-routed paths.",
        discussion: """
            Every node is known by its node key; applications listen on service keys; people own \
            user keys. Keys are written as bech32m text: skn1... (node), sks1... (service), \
            sku1... (user). Key files are small text files that must have mode 0600.
            """,
        options: [.flag("version", help: "Show the version.")],
        subcommands: subcommands
    )

    /// Every subcommand, in the order `--help` lists them. Add new ones here.
    static let subcommands: [CommandSpec] = [
        Keygen.spec,
        Pubkey.spec,
        Version.spec,
        Run.spec, Status.spec, Neighbors.spec, Routes.spec, Ping.spec,
        Radios.spec,
    ]

    static func main() {
        CommandLineTool.main(root, version: SkywireVersion.current, arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
