/// Columns of text aligned with two spaces between them; the last column is not padded.
struct TextTable {
    private var rows: [[String]] = []

    init(header: [String]) { rows.append(header) }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The rendered lines, each prefixed with `indent`, each ending in `\n`.
    func render(indent: String = "") -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = indent
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
