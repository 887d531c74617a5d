import ArgumentParser
import EdgeModel
import EdgeReports
import Foundation

/// `--format`, `--output` and `--save`: how every report command writes its report.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: table, json, csv, md or html (default: from --output's extension, else table).")
    var format: ReportFormat?

    @Option(help: "Write the report to this file (atomically; Markdown's charts go beside it as SVG files).")
    var output: String?

    @Option(name: .customLong("save"),
            help: "Also write the report to this file, in the format its extension names (repeatable); says so on stderr.")
    var saves: [String] = []

    /// The format of the main output (the flag, else `--output`'s extension, else table).
    /// - Throws: `InputError` naming `--output` or `--save` when a path's extension names no format; commands call
    ///   it before their work so bad flags fail fast.
    func resolvedFormat() throws -> ReportFormat {
        for path in saves where ReportFormat.inferred(from: path) == nil {
            throw InputError(file: path, field: "--save", "its extension names no format (.txt, .json, .csv, .md, .html)")
        }
        return try ReportFormat.resolve(explicit: format, output: output)
    }

    /// Writes the report: `json` (the command's own data) as JSON, otherwise `document()` rendered (built once);
    /// to `--output` when given, else to standard output; then to every `--save` file.
    func emit<T: Encodable>(json: T, document: () throws -> ReportDocument) throws {
        var built: ReportDocument?
        func render(_ format: ReportFormat, path: String?) throws -> RenderedReport {
            if format == .json { return RenderedReport(text: try ReportJSON.text(json)) }
            if built == nil { built = try document() }
            let base = path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            return ReportRenderer.render(built!, as: format, chartBaseName: base)
        }
        let main = try render(try resolvedFormat(), path: output)
        if let output {
            try main.write(to: output)
        } else {
            print(main.text, terminator: "")
        }
        for path in saves {
            try render(ReportFormat.inferred(from: path)!, path: path).write(to: path, flag: "--save")
            FileHandle.standardError.write(Data("edgeprof: wrote \(path)\n".utf8))
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
