/// GitHub-flavoured Markdown: pipe tables, notes as paragraphs, charts as SVG files linked as images.
enum MarkdownRenderer {
    static func render(_ document: ReportDocument, chartBaseName: String?) -> RenderedReport {
        var out = "# \(inline(document.title))\n\n"
        if !document.metadata.isEmpty {
            out += document.metadata.map { "- **\(inline($0.name))**: \(inline($0.value))" }.joined(separator: "\n") + "\n\n"
        }
        var attachments: [(name: String, contents: String)] = []
        var omitted = 0
        for section in document.sections {
            if !section.title.isEmpty { out += "## \(inline(section.title))\n\n" }
            for block in section.blocks {
                switch block {
                case .note(let text): out += inline(text) + "\n\n"
                case .table(let table):
                    if let title = table.title { out += "**\(inline(title))**\n\n" }
                    out += markdown(table) + "\n\n"
                case .chart(let chart):
                    guard let base = chartBaseName else { omitted += 1; continue }
                    let name = "\(base)-\(attachments.count + 1).svg"
                    attachments.append((name: name, contents: SVGChart.render(chart, standalone: true)))
                    out += "![\(inline(chart.title))](\(name))\n\n"
                }
            }
        }
        if omitted > 0 { out += "_\(omitted) chart(s) left out: write the report with `--output FILE.md` to get them._\n" }
        return RenderedReport(text: out.hasSuffix("\n\n") ? String(out.dropLast()) : out, attachments: attachments)
    }

    /// A pipe table; numeric columns right-aligned.
    static func markdown(_ table: TextTable) -> String {
        let header = "| " + table.header.map(cell).joined(separator: " | ") + " |"
        let rule = "|" + table.header.indices.map { table.isNumeric($0) ? " ---: |" : " --- |" }.joined()
        let rows = table.rows.map { row in "| " + table.header.indices.map { cell(table.cell(row, $0)) }.joined(separator: " | ") + " |" }
        return ([header, rule] + rows).joined(separator: "\n")
    }

    /// A table cell: pipes escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Text with Markdown's emphasis and HTML characters escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "*", "_", "`", "[", "]", "\\": out += "\\" + String(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}
