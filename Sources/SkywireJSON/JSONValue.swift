/// A JSON document as a value, for `--json` output and the control socket (no Foundation).
/// Objects keep their keys in the order given. `render()` writes it (see `JSONWriter`).
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// An integer, written exactly.
    case int(Int64)
    /// An unsigned integer, written exactly (counters).
    case uint(UInt64)
    /// A number written with a fixed count of decimals (0...9); NaN and infinities become `null`.
    case decimal(Double, digits: Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The compact JSON text.
    public func render() -> String {
        var writer = JSONWriter()
        writer.write(self)
        return writer.text
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.decimal(let a, let x), .decimal(let b, let y)): a == b && x == y
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}

extension JSONValue {
    /// `.int` from any integer that fits; larger values are clamped.
    public static func integer(_ value: some BinaryInteger) -> JSONValue { .int(Int64(clamping: value)) }
    /// `.int` from an optional integer, `.null` for `nil`.
    public static func optionalInteger<T: BinaryInteger>(_ value: T?) -> JSONValue { value.map { integer($0) } ?? .null }
    /// `.string`, or `.null` for `nil`.
    public static func optionalString(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
