internal import CSodium

/// Versions of the C libraries linked in, for `skywire version` and bug reports.
public enum LibraryVersions {
    /// libsodium's version string, e.g. "1.0.18", read from the library at run time.
    public static var sodium: String {
        guard let text = sodium_version_string() else { return "unknown" }
        return String(cString: text)
    }

    /// libsodium's library (ABI) version, major.minor.
    public static var sodiumLibrary: String {
        "\(sodium_library_version_major()).\(sodium_library_version_minor())"
    }

    // libsecp256k1 exposes no version at run time (neither function nor header constant), so
    // there is nothing cheap and truthful to report for it.
}
