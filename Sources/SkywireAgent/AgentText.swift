import SkywireJSON
public import SkywireCrypto
import SkywireIdentity

/// Text forms the agent prints in logs, tables and JSON.
public enum AgentText {
    /// A node key's bech32m text form (`skn1...`).
    public static func nodeAddress(_ key: PublicKey) -> String {
        KeyAddress(kind: .node, publicKey: key).text
    }

    /// A node key's text form shortened for log lines and tables: `skn1` + the next 8 characters.
    public static func shortNodeAddress(_ key: PublicKey) -> String {
        String(nodeAddress(key).prefix(12))
    }

    /// `value` with exactly `digits` digits after the point, rounded half away from zero
    /// (no Foundation). Non-finite values print as `-`.
    public static func fixed(_ value: Double, digits: Int) -> String {
        DecimalText.fixed(value, digits: digits)
    }

    /// A duration in nanoseconds as people read it: `850ms`, `3.2s`, `4m12s`, `2h05m`, `3d04h`.
    public static func duration(nanoseconds: UInt64) -> String {
        let milliseconds = nanoseconds / 1_000_000
        if milliseconds < 1_000 { return "\(milliseconds)ms" }
        let seconds = nanoseconds / 1_000_000_000
        if seconds < 60 { return fixed(Double(nanoseconds) / 1e9, digits: 1) + "s" }
        if seconds < 3600 { return "\(seconds / 60)m\(twoDigits(seconds % 60))s" }
        if seconds < 86400 { return "\(seconds / 3600)h\(twoDigits(seconds / 60 % 60))m" }
        return "\(seconds / 86400)d\(twoDigits(seconds / 3600 % 24))h"
    }

    /// A rate in bytes per second as people read it: `0 B/s`, `12.3 kB/s`, `4.56 MB/s`.
    public static func rate(bytesPerSecond: Double) -> String {
        guard bytesPerSecond.isFinite, bytesPerSecond >= 0 else { return "-" }
        if bytesPerSecond < 1000 { return fixed(bytesPerSecond, digits: 0) + " B/s" }
        if bytesPerSecond < 1e6 { return fixed(bytesPerSecond / 1e3, digits: 1) + " kB/s" }
        if bytesPerSecond < 1e9 { return fixed(bytesPerSecond / 1e6, digits: 2) + " MB/s" }
        return fixed(bytesPerSecond / 1e9, digits: 2) + " GB/s"
    }

    /// A fraction (0…1) as a percentage with one decimal: `0.0%`, `12.5%`.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "-" }
        return fixed(fraction * 100, digits: 1) + "%"
    }

    private static func twoDigits(_ value: UInt64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
