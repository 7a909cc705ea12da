import ArgumentParser
import SkywireIdentity

/// `skywire keygen`: makes a new key, writes it to a key file, prints its text form.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a new key and write it to a key file (mode 0600).",
        discussion: """
            Prints the new key's public text form (skn1..., sks1... or sku1...) on stdout. \
            Default files: node /var/lib/skywire/node.key, service /var/lib/skywire/service.key, \
            user ~/.config/skywire/user.key. Missing directories are created with mode 0700. \
            An existing key file is never replaced unless --force is given: replacing a node key \
            changes the node's address.
            """
    )

    @Option(help: "The kind of key: node, service or user.")
    var kind: KeyKind = .node

    @Option(name: .long, help: ArgumentHelp("The key file to write (default depends on --kind).", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing key file.")
    var force = false

    func run() throws {
        let path = out ?? KeyFile.defaultPath(for: kind)
        let identity = Identity.generate(kind: kind)
        try KeyFile.write(identity, to: path, force: force, createDirectories: true)
        print(identity.address.text)
    }
}
