import ArgumentParser
import EdgeReports
import Foundation

/// `--format` and `--output`: how every report command writes its report.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: table, json, csv, md or html (default: from --output's extension, else table).")
    var format: ReportFormat?

    @Option(help: "Write the report to this file (atomically; Markdown's charts go beside it as SVG files).")
    var output: String?

    /// The format to write (the flag, else `--output`'s extension, else table).
    func resolvedFormat() throws -> ReportFormat { try ReportFormat.resolve(explicit: format, output: output) }

    /// Writes the report: `json` (the command's own data) as JSON, otherwise `document()` rendered; to `--output`
    /// when given, else to standard output.
    func emit<T: Encodable>(json: T, document: () throws -> ReportDocument) throws {
        let format = try resolvedFormat()
        let rendered: RenderedReport
        if format == .json {
            rendered = RenderedReport(text: try ReportJSON.text(json))
        } else {
            let base = output.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            rendered = ReportRenderer.render(try document(), as: format, chartBaseName: base)
        }
        if let output {
            try rendered.write(to: output)
        } else {
            print(rendered.text, terminator: "")
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
