/// The fields of the config file (`docs/config.md`), by their name in the file.
enum ConfigField: String, CaseIterable, Sendable {
    case key
    case port
    case control
    case peer
    case discovery
    case interfaces
    case keepaliveInterval = "keepalive-interval"
    case deadAfter = "dead-after"
    case beaconInterval = "beacon-interval"
    case logLevel = "log-level"

    /// True for fields that may appear on several lines (each adds one value); every other
    /// field may appear once.
    var isRepeatable: Bool {
        switch self {
        case .peer: true
        case .key, .port, .control, .discovery, .interfaces, .keepaliveInterval, .deadAfter,
             .beaconInterval, .logLevel: false
        }
    }
}
