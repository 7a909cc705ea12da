import ArgumentParser
import SkywireCrypto

/// `skywire version`: the program's version and the crypto libraries it runs with.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version of skywire and of the libraries it uses."
    )

    func run() {
        print("skywire \(SkywireVersion.current)")
        print("libsodium \(LibraryVersions.sodium) (library \(LibraryVersions.sodiumLibrary))")
    }
}
