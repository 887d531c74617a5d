@testable import EdgeReports
import Testing

@Suite struct ReportRendererTests {
    static let document: ReportDocument = {
        var summary = TextTable(["strategy", "ms/tok", "note"], title: "Summary")
        summary.add(["none×1", "12.50", "a <b> & \"c\""])
        summary.add(["immediate×2", "9.75", "x|y"])
        var second = TextTable(["op", "MB"])
        second.add(["gateUp", "1.5"])
        let chart = BarChart(title: "Latency", layout: .grouped, categories: ["none×1", "immediate×2"],
                             series: [ChartSeries("decode", [12.5, 9.75])], valueAxis: ChartAxis("latency", unit: "ms"),
                             categoryAxis: "strategy")
        return ReportDocument(title: "Report & test", metadata: [ReportField("device", "iPhone 13")], sections: [
            ReportSection("Per strategy", [.note("Device figures are modelled."), .table(summary), .chart(.bars(chart))]),
            ReportSection("Ops", [.table(second)]),
        ])
    }()

    @Test func htmlIsWellFormedAndSelfContained() throws {
        let html = ReportRenderer.render(Self.document, as: .html).text
        let elements = try #require(XMLElements.parse(html))
        #expect(elements.contains { $0.name == "svg" })
        #expect(elements.filter { $0.name == "td" }.map(\.text).contains("a <b> & \"c\""))
        for forbidden in ["http:", "https:", "src=", "href=", "<script", "url("] { #expect(!html.contains(forbidden)) }
    }

    @Test func markdownLinksOneSVGFilePerChart() throws {
        let md = ReportRenderer.render(Self.document, as: .md, chartBaseName: "report")
        #expect(md.attachments.map(\.name) == ["report-1.svg"])
        #expect(md.text.contains("![Latency](report-1.svg)"))
        #expect(md.text.contains("| immediate×2 | 9.75 | x\\|y |"))
        #expect(md.text.contains("| --- | ---: | --- |"))
        #expect(md.attachments[0].contents.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(XMLElements.parse(md.attachments[0].contents) != nil)
        let stdout = ReportRenderer.render(Self.document, as: .md)
        #expect(stdout.attachments.isEmpty && !stdout.text.contains("!["))
    }

    @Test func csvSeparatesTablesAndQuotes() {
        let csv = ReportRenderer.render(Self.document, as: .csv).text
        #expect(csv == """
            Per strategy: Summary
            strategy,ms/tok,note
            none×1,12.50,"a <b> & ""c\"\"\"
            immediate×2,9.75,x|y

            Ops
            op,MB
            gateUp,1.5

            """)
    }

    @Test func terminalShowsTablesAlignedAndLeavesChartsOut() {
        let text = ReportRenderer.render(Self.document, as: .table).text
        #expect(text.contains("""
            strategy     ms/tok  note
            -----------  ------  -----------
            none×1        12.50  a <b> & "c"
            immediate×2    9.75  x|y
            """))
        #expect(!text.contains("svg"))
    }

    @Test func detailSectionsStayOutOfTheTerminalOnly() {
        var document = Self.document
        var layers = TextTable(["layer", "µs"])
        layers.add(["17", "40.5"])
        document.sections.append(ReportSection("Per layer", [.table(layers)], inTerminal: false))
        #expect(!ReportRenderer.render(document, as: .table).text.contains("Per layer"))
        #expect(ReportRenderer.render(document, as: .md).text.contains("## Per layer"))
        #expect(ReportRenderer.render(document, as: .csv).text.contains("Per layer\nlayer,µs\n17,40.5"))
    }

    @Test func formatComesFromTheFlagThenTheExtension() throws {
        #expect(try ReportFormat.resolve(explicit: nil, output: "out/report.HTML") == .html)
        #expect(try ReportFormat.resolve(explicit: .csv, output: "report.md") == .csv)
        #expect(try ReportFormat.resolve(explicit: nil, output: nil) == .table)
        #expect(throws: (any Error).self) { try ReportFormat.resolve(explicit: nil, output: "report.pdf") }
        #expect(ReportFormat.inferred(from: "dir.v2/.hidden") == nil)
    }
}
