/// A table of text cells: the terminal rendering right-aligns numeric columns and left-aligns text columns.
///
/// Cells are formatted by the caller (see `fixed` and `megabytes`), so every output format shows the same digits.
public struct TextTable: Sendable, Equatable {
    /// Optional caption (shown above the table in documents; CSV uses it to separate several tables).
    public var title: String?
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: [String], title: String? = nil) {
        self.header = header
        self.title = title
    }

    /// Appends a row (a short row leaves its last columns empty; cells beyond the header are dropped).
    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The row's cell in column `c`, empty when the row is short.
    func cell(_ row: [String], _ c: Int) -> String { row.indices.contains(c) ? row[c] : "" }

    /// Whether every non-empty cell of column `c` starts like a number (the first column is always text).
    func isNumeric(_ c: Int) -> Bool {
        c > 0 && rows.allSatisfy { row in
            guard let first = cell(row, c).first else { return true }
            return first.isNumber || first == "-" || first == "."
        }
    }

    /// Plain-text rendering, no trailing blanks; time linear in the output's size.
    public func render() -> String {
        let widths = header.indices.map { c in rows.reduce(header[c].count) { max($0, cell($1, c).count) } }
        let numeric = header.indices.map(isNumeric)
        func line(_ cells: [String]) -> String {
            let text = header.indices.map { c in
                let value = cell(cells, c)
                let pad = String(repeating: " ", count: widths[c] - value.count)
                return numeric[c] ? pad + value : value + pad
            }.joined(separator: "  ")
            return Self.trimmingTrailingSpaces(text)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), Self.trimmingTrailingSpaces(rule)] + rows.map(line)).joined(separator: "\n")
    }

    /// `text` without its trailing spaces, found by one backward scan of the UTF-8 bytes (a `" +$"` regular
    /// expression retries from every space of a long run, which is quadratic).
    private static func trimmingTrailingSpaces(_ text: String) -> String {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        return String(text[..<end])
    }

    /// The same table as CSV (RFC 4180 quoting), header first.
    public func csv() -> String {
        ([header] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n")
    }

    /// One CSV field: quoted (quotes doubled) when it holds a comma, quote or line break.
    public static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
