import ArgumentParser
import SkywireIdentity

/// `skywire pubkey`: reads a key file and prints its public key.
struct Pubkey: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the public key of a key file.",
        discussion: """
            Prints the bech32m text form (skn1..., sks1..., sku1...), or with --hex the 33-byte \
            compressed point in hex. The key file is checked fully (permissions, format, that \
            its public line matches its secret) before anything is printed.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The key file to read (default: the default file of --kind, or of a node key).", valueName: "file"))
    var key: String?

    @Option(help: "Require a key of this kind: node, service or user.")
    var kind: KeyKind?

    @Flag(help: "Print the compressed public key in hex instead of its text form.")
    var hex = false

    func run() throws {
        let path = key ?? KeyFile.defaultPath(for: kind ?? .node)
        let identity = try KeyFile.read(from: path, kind: kind)
        print(hex ? identity.publicKey.hexString : identity.address.text)
    }
}
