/// Decimal numbers as text with a fixed count of digits after the point, without Foundation's
/// formatters: shared by the JSON writer and the human-readable reports.
public enum DecimalText {
    /// `value` rounded half away from zero to `digits` (0...9) decimals; `-` for NaN and
    /// infinities, `huge` / `-huge` beyond 9e18 after scaling.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "-" }
        let digits = min(max(digits, 0), 9)
        var scale: Double = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return value < 0 ? "-huge" : "huge" }
        let whole = UInt64(scaled)
        let unit = UInt64(scale)
        let integerPart = String(whole / unit)
        let negative = value < 0 && whole != 0
        guard digits > 0 else { return (negative ? "-" : "") + integerPart }
        var fraction = String(whole % unit)
        while fraction.count < digits { fraction = "0" + fraction }
        return (negative ? "-" : "") + integerPart + "." + fraction
    }
}
