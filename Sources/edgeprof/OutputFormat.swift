import ArgumentParser
import Foundation

/// The formats every command can print.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Version of the JSON documents EdgeProf prints; bump it when a field changes meaning or disappears.
let schemaVersion = 1

/// Prints `value` as stable JSON (sorted keys, pretty-printed, no escaped slashes).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// A plain-text table: numeric columns right-aligned, text columns left-aligned, no trailing blanks.
/// Rendering takes time linear in the output's size.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        let numeric = header.indices.map { c in
            rows.allSatisfy { row in
                guard row.indices.contains(c), let first = row[c].first else { return true }
                return first.isNumber || first == "-" || first == "."
            }
        }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric[c] && c > 0 ? pad + cell : cell + pad
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

    /// The same table as CSV (RFC 4180 quoting).
    func csv() -> String {
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n")
    }
}
