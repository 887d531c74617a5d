/// One self-contained HTML page that is also well-formed XML: inline CSS and inline SVG, no script, no link,
/// no image or font reference, so it opens offline and prints as it shows.
enum HTMLRenderer {
    static let style = """
        body { font-family: Helvetica, Arial, sans-serif; color: #111; max-width: 1600px; margin: 24px auto; padding: 0 16px; }
        h1 { font-size: 24px; margin-bottom: 8px; }
        h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #999; padding-bottom: 4px; }
        dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; font-size: 14px; }
        dl.meta dt { font-weight: bold; }
        dl.meta dd { margin: 0; }
        table { border-collapse: collapse; margin: 8px 0 20px; font-size: 13px; }
        caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
        th, td { border: 1px solid #bbb; padding: 3px 8px; }
        td { white-space: nowrap; }
        th { background: #eee; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        div.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
        figure { margin: 0; }
        svg.chart { width: 100%; height: auto; border: 1px solid #ddd; }
        p.note { font-size: 14px; max-width: 900px; }
        @media print { h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
        """

    static func render(_ document: ReportDocument) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<title>\(XMLText.escape(document.title))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(XMLText.escape(document.title))</h1>\n"
        if !document.metadata.isEmpty {
            out += "<dl class=\"meta\">\n" + document.metadata.map {
                "<dt>\(XMLText.escape($0.name))</dt><dd>\(XMLText.escape($0.value))</dd>\n"
            }.joined() + "</dl>\n"
        }
        for section in document.sections {
            out += "<section>\n"
            if !section.title.isEmpty { out += "<h2>\(XMLText.escape(section.title))</h2>\n" }
            var inCharts = false
            for block in section.blocks {
                if case .chart = block, !inCharts {
                    out += "<div class=\"charts\">\n"
                    inCharts = true
                } else if inCharts, !isChart(block) {
                    out += "</div>\n"
                    inCharts = false
                }
                switch block {
                case .note(let text): out += "<p class=\"note\">\(XMLText.escape(text))</p>\n"
                case .table(let table): out += html(table)
                case .chart(let chart): out += "<figure>\n" + SVGChart.render(chart, standalone: false) + "</figure>\n"
                }
            }
            if inCharts { out += "</div>\n" }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    static func isChart(_ block: ReportBlock) -> Bool {
        if case .chart = block { return true }
        return false
    }

    static func html(_ table: TextTable) -> String {
        let numeric = table.header.indices.map(table.isNumeric)
        var out = "<table>\n"
        if let title = table.title { out += "<caption>\(XMLText.escape(title))</caption>\n" }
        out += "<thead><tr>" + table.header.map { "<th>\(XMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>" + table.header.indices.map { c in
                (numeric[c] ? "<td class=\"num\">" : "<td>") + XMLText.escape(table.cell(row, c)) + "</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
