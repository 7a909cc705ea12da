import SkywireCommandLine
import SkywireIdentity

/// `skywire pubkey`: reads a key file and prints its public key.
enum Pubkey {
    static let spec = CommandSpec(
        name: "pubkey",
        abstract: "Print the public key of a key file.",
        discussion: """
            Prints the bech32m text form (skn1..., sks1..., sku1...), or with --hex the 33-byte \
            compressed point in hex. The key file is checked fully (permissions, format, that \
            its public line matches its secret) before anything is printed.
            """,
        options: [
            .option("key", value: "file", help: "The key file to read (default: the default file of --kind, or of a node key)."),
            .option("kind", value: "kind", help: "Require a key of this kind: node, service or user."),
            .flag("hex", help: "Print the compressed public key in hex instead of its text form."),
        ],
        run: run
    )

    static func run(_ arguments: ParsedArguments) throws {
        let kind = try KeyKindOption.parse(arguments)
        let path = arguments.value("key") ?? KeyFile.defaultPath(for: kind ?? .node)
        let identity = try KeyFile.read(from: path, kind: kind)
        print(arguments.flag("hex") ? identity.publicKey.hexString : identity.address.text)
    }
}
