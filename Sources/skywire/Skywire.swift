import ArgumentParser
import Glibc

/// The `skywire` command: the root of every subcommand.
///
/// Errors leave as exactly one line on stderr, `skywire: error: <message>`, and a non-zero exit
/// status (1 for a failure at run time, 64 for a usage mistake); help goes to stdout.
@main
struct Skywire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skywire",
        abstract: "A mesh-network agent: secp256k1 identities, encrypted links, source-routed paths.",
        discussion: """
            Every node is known by its node key; applications listen on service keys; people own \
            user keys. Keys are written as bech32m text: skn1... (node), sks1... (service), \
            sku1... (user). Key files are small text files that must have mode 0600.
            """,
        version: SkywireVersion.current,
        subcommands: Skywire.subcommands
    )

    /// Every subcommand, in the order `--help` lists them. Add new ones here.
    static let subcommands: [ParsableCommand.Type] = [
        Keygen.self,
        Pubkey.self,
        Version.self,
        Run.self, Status.self, Neighbors.self,
        Radios.self,
    ]

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // --help, --version: full text on stdout
            StandardError.printError(message(for: error))
            Glibc.exit(code.rawValue)
        }
    }
}
