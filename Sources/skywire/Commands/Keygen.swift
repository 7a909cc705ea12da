import SkywireCommandLine
import SkywireIdentity

/// `skywire keygen`: makes a new key, writes it to a key file, prints its text form.
enum Keygen {
    static let spec = CommandSpec(
        name: "keygen",
        abstract: "Generate a new key and write it to a key file (mode 0600).",
        discussion: """
            Prints the new key's public text form (skn1..., sks1... or sku1...) on stdout. \
            Default files: node /var/lib/skywire/node.key, service /var/lib/skywire/service.key, \
            user ~/.config/skywire/user.key. Missing directories are created with mode 0700. \
            An existing key file is never replaced unless --force is given: replacing a node key \
            changes the node's address.
            """,
        options: [
            .option("kind", value: "kind", help: "The kind of key: node, service or user (default: node)."),
            .option("out", value: "file", help: "The key file to write (default depends on --kind)."),
            .flag("force", help: "Replace an existing key file."),
        ],
        run: run
    )

    static func run(_ arguments: ParsedArguments) throws {
        let kind = try KeyKindOption.parse(arguments) ?? .node
        let path = arguments.value("out") ?? KeyFile.defaultPath(for: kind)
        let identity = Identity.generate(kind: kind)
        try KeyFile.write(identity, to: path, force: arguments.flag("force"), createDirectories: true)
        print(identity.address.text)
    }
}
