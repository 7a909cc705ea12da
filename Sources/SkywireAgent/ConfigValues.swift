import SkywireCrypto
import SkywireIdentity
import SkywireIO

/// Parsers for the value of each config field (and of the matching command-line options). Each
/// returns the value or a reason for people; none traps.
public enum ConfigValues {
    /// Limits that keep the timers sane.
    public static let keepaliveRange: ClosedRange<UInt64> = 10_000_000...600_000_000_000
    public static let beaconRange: ClosedRange<UInt64> = 10_000_000...3_600_000_000_000
    public static let deadAfterRange: ClosedRange<Int> = 1...1000

    /// A UDP port, 0...65535 (0: the kernel picks one).
    public static func port(_ text: Substring) -> Result<UInt16, ValueError> {
        guard let value = decimal(text, maximum: 65535) else {
            return .failure(ValueError("invalid port '\(text)' (expected 0...65535)"))
        }
        return .success(UInt16(value))
    }

    /// `on` or `off`.
    public static func onOff(_ text: Substring) -> Result<Bool, ValueError> {
        switch text {
        case "on": .success(true)
        case "off": .success(false)
        default: .failure(ValueError("invalid value '\(text)' (expected on or off)"))
        }
    }

    /// A duration: a decimal number with a unit, `ms`, `s`, `m` or `h` (`250ms`, `1s`, `1.5s`).
    /// Returns nanoseconds.
    public static func duration(_ text: Substring) -> Result<UInt64, ValueError> {
        let failure = ValueError("invalid duration '\(text)' (expected a number and a unit: 250ms, 1s, 1.5s, 2m, 1h)")
        var number = text
        let unit: UInt64
        if number.hasSuffix("ms") {
            unit = 1_000_000; number = number.dropLast(2)
        } else if number.hasSuffix("s") {
            unit = 1_000_000_000; number = number.dropLast()
        } else if number.hasSuffix("m") {
            unit = 60_000_000_000; number = number.dropLast()
        } else if number.hasSuffix("h") {
            unit = 3_600_000_000_000; number = number.dropLast()
        } else {
            return .failure(failure)
        }
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, let whole = decimal(wholeText, maximum: 1_000_000) else { return .failure(failure) }
        var nanoseconds = whole * unit
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, let digits = decimal(fraction, maximum: 999_999_999) else {
                return .failure(failure)
            }
            var scale: UInt64 = 1
            for _ in 0..<fraction.count { scale *= 10 }
            // digits < scale, so the quotient is below `unit`: no overflow.
            nanoseconds += scale.dividingFullWidth(digits.multipliedFullWidth(by: unit)).quotient
        }
        return .success(nanoseconds)
    }

    /// A duration within `range` (nanoseconds); `name` goes into the message.
    public static func duration(_ text: Substring, within range: ClosedRange<UInt64>) -> Result<UInt64, ValueError> {
        switch duration(text) {
        case .failure(let error): return .failure(error)
        case .success(let value):
            guard range.contains(value) else {
                return .failure(ValueError("duration '\(text)' out of range (\(AgentText.duration(nanoseconds: range.lowerBound))"
                    + " to \(AgentText.duration(nanoseconds: range.upperBound)))"))
            }
            return .success(value)
        }
    }

    /// A count within `range`.
    public static func count(_ text: Substring, within range: ClosedRange<Int>) -> Result<Int, ValueError> {
        guard let value = decimal(text, maximum: UInt64(range.upperBound)), range.contains(Int(value)) else {
            return .failure(ValueError("invalid count '\(text)' (expected \(range.lowerBound)...\(range.upperBound))"))
        }
        return .success(Int(value))
    }

    /// A log level: `error`, `warning`, `info` or `debug`.
    public static func logLevel(_ text: Substring) -> Result<LogLevel, ValueError> {
        guard let level = LogLevel(name: text) else {
            return .failure(ValueError("invalid log level '\(text)' (expected error, warning, info or debug)"))
        }
        return .success(level)
    }

    /// A file path: not empty, no NUL.
    public static func path(_ text: Substring) -> Result<String, ValueError> {
        guard !text.isEmpty, !text.utf8.contains(0) else { return .failure(ValueError("invalid path '\(text)'")) }
        return .success(String(text))
    }

    /// A control socket path: a path that fits in a Unix socket address (at most 107 bytes).
    public static func socketPath(_ text: Substring) -> Result<String, ValueError> {
        guard text.utf8.count <= 107 else {
            return .failure(ValueError("control socket path too long (\(text.utf8.count) bytes, at most 107)"))
        }
        return path(text)
    }

    /// Interface names separated by commas (spaces around them allowed): `eth0,eth1`.
    public static func interfaceList(_ text: Substring) -> Result<[String], ValueError> {
        let names = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        guard !names.isEmpty else { return .failure(ValueError("no interface names")) }
        var result: [String] = []
        for name in names {
            guard name.utf8.count <= 15, !name.contains("/"), !name.utf8.contains(0) else {
                return .failure(ValueError("invalid interface name '\(name)'"))
            }
            guard !result.contains(String(name)) else {
                return .failure(ValueError("interface '\(name)' listed twice"))
            }
            result.append(String(name))
        }
        return .success(result)
    }

    /// A static peer: `skn1...@a.b.c.d:port` or `skn1...@[v6]:port` (numeric addresses only).
    public static func peer(_ text: Substring) -> Result<StaticPeer, ValueError> {
        guard let at = text.firstIndex(of: "@") else {
            return .failure(ValueError("invalid peer '\(text)' (expected skn1...@host:port)"))
        }
        let keyText = String(text[..<at])
        let addressText = text[text.index(after: at)...]
        let key: PublicKey
        do {
            key = try KeyAddress(parsing: keyText, as: .node).publicKey
        } catch {
            return .failure(ValueError("invalid peer key '\(keyText)': \(error)"))
        }
        let address: SocketAddress
        do {
            address = try SocketAddress(parsing: addressText)
        } catch {
            return .failure(ValueError("invalid peer address: \(error)"))
        }
        guard address.port != 0 else { return .failure(ValueError("invalid peer address '\(addressText)': port 0")) }
        return .success(StaticPeer(key: key, address: address))
    }

    /// Decimal digits only, at most `maximum`.
    private static func decimal(_ text: Substring, maximum: UInt64) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 19 else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        return value <= maximum ? value : nil
    }
}

/// A bad value, with the reason for people.
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
