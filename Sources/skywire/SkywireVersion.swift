/// The version of skywire: the one place it is written.
enum SkywireVersion {
    static let current = "0.1.0-dev"
}
