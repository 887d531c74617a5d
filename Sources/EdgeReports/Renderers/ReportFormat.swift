import EdgeModel

/// The formats a report command writes.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Plain-text tables for a terminal.
    case table
    /// The command's own `Codable` data (sorted keys, `schemaVersion`).
    case json
    /// The document's tables as CSV.
    case csv
    /// Markdown with the charts as SVG files beside it.
    case md
    /// One self-contained HTML file: inline CSS and SVG, no script, no external reference.
    case html

    /// The format an output path's extension names (`.txt` table, `.json`, `.csv`, `.md`/`.markdown`,
    /// `.html`/`.htm`), nil for any other extension.
    public static func inferred(from path: String) -> ReportFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "txt": return .table
        case "json": return .json
        case "csv": return .csv
        case "md", "markdown": return .md
        case "html", "htm": return .html
        default: return nil
        }
    }

    /// The format to write: `explicit` when given, else the one `output`'s extension names, else `table`.
    /// - Throws: `InputError` naming `--output` when it is given without `--format` and its extension names none.
    public static func resolve(explicit: ReportFormat?, output: String?) throws -> ReportFormat {
        if let explicit { return explicit }
        guard let output else { return .table }
        guard let format = inferred(from: output) else {
            throw InputError(file: output, field: "--output",
                             "its extension names no format (.txt, .json, .csv, .md, .html); give --format")
        }
        return format
    }
}
