import SkywireCommandLine
import SkywireCrypto

/// `skywire version`: the program's version and the crypto libraries it runs with.
enum Version {
    static let spec = CommandSpec(
        name: "version",
        abstract: "Print the version of skywire and of the libraries it uses.",
        run: { _ in
            print("skywire \(SkywireVersion.current)")
            print("libsodium \(LibraryVersions.sodium) (library \(LibraryVersions.sodiumLibrary))")
        }
    )
}
