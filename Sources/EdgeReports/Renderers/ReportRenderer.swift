/// Renders a `ReportDocument` in each non-JSON format.
public enum ReportRenderer {
    /// The document as `format`. `chartBaseName` names Markdown's SVG files (`<base>-<n>.svg`, beside the .md);
    /// without it (Markdown on standard output) the charts are left out with a note saying so.
    public static func render(_ document: ReportDocument, as format: ReportFormat,
                              chartBaseName: String? = nil) -> RenderedReport {
        switch format {
        case .table, .json: RenderedReport(text: TerminalRenderer.render(document))
        case .csv: RenderedReport(text: CSVRenderer.render(document))
        case .md: MarkdownRenderer.render(document, chartBaseName: chartBaseName)
        case .html: RenderedReport(text: HTMLRenderer.render(document))
        }
    }
}
