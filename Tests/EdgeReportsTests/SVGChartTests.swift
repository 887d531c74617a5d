@testable import EdgeReports
import Testing

@Suite struct SVGChartTests {
    let stacked = BarChart(
        title: "Bytes per token", layout: .stacked, categories: ["none×1", "immediate×2"],
        series: [ChartSeries("L2", [10, 30]), ChartSeries("DRAM", [20, 5])],
        valueAxis: ChartAxis("bytes per decode token", unit: "MB"), categoryAxis: "strategy",
        reference: BarChart.Reference("budget", value: 38))

    @Test func stackedBarHeightsAreProportionalToValuesAndStack() throws {
        let svg = try #require(XMLElements.parse(SVGChart.render(.bars(stacked), standalone: true)))
        let bars = svg.classed("bar")
        #expect(bars.map { $0.attributes["data-value"] } == ["10", "20", "30", "5"])
        let heights = bars.map { Double($0.attributes["height"]!)! }
        // Stacks of 30 and 35 MB; top = 38 (budget) × 1.05 = 39.9 → step 10, ticks 0…40: 276 px ÷ 40 MB = 6.9 px/MB.
        for (height, value) in zip(heights, [10.0, 20, 30, 5]) { #expect(abs(height - value * 6.9) < 0.02) }
        // The DRAM bar of the first category sits on top of its L2 bar.
        let y = bars.map { Double($0.attributes["y"]!)! }
        #expect(abs(y[1] + heights[1] - y[0]) < 0.02)
        #expect(svg.classed("tick").map(\.text) == ["0", "10", "20", "30", "40"])
        #expect(svg.classed("legend-entry").map(\.text) == ["L2", "DRAM", "budget 38 MB"])
        let reference = try #require(svg.first { $0.attributes["class"] == "reference" })
        #expect(reference.attributes["data-value"] == "38")
        #expect(svg.classed("axis-caption").map(\.text) == ["bytes per decode token (MB)", "strategy"])
    }

    @Test func budgetLabelCannotOverlapTheBars() throws {
        // The rightmost bar (45 MB) stands above the 38 MB budget line: its label must not be drawn inside the plot.
        var tall = stacked
        tall.series = [ChartSeries("L2", [10, 40]), ChartSeries("DRAM", [20, 5])]
        let svg = try #require(XMLElements.parse(SVGChart.render(.bars(tall), standalone: true)))
        let labels = svg.filter { $0.name == "text" && $0.text.contains("budget") }
        #expect(labels.map(\.text) == ["budget 38 MB"])
        let bars = svg.classed("bar").map { Double($0.attributes["x"]!)! + Double($0.attributes["width"]!)! }
        for label in labels { #expect(Double(label.attributes["x"]!)! > bars.max()!) }
    }

    @Test func seriesKeepTheirColourWhateverTheOtherSeries() throws {
        // A device with an SLC draws L1D, L2, SLC, DRAM; one without draws L1D, L2, DRAM. By position DRAM would
        // take the 3rd colour in one chart and the 4th in the other; by meaning it is the same in both.
        func fills(_ names: [String]) throws -> [String: String] {
            var chart = stacked
            chart.series = names.map { ChartSeries($0, [1, 2]) }
            let bars = try #require(XMLElements.parse(SVGChart.render(.bars(chart), standalone: true))).classed("bar")
            return Dictionary(bars.map { ($0.attributes["data-series"]!, $0.attributes["fill"]!) }, uniquingKeysWith: { a, _ in a })
        }
        let withSLC = try fills(["L1D", "L2", "SLC", "DRAM", "iPhone 13"])
        let without = try fills(["L1D", "L2", "DRAM", "Pixel 8", "iPhone 13"])
        for name in ["L1D", "L2", "DRAM"] { #expect(withSLC[name] == without[name], "\(name)") }
        #expect(withSLC["DRAM"] == ChartPalette.named["DRAM"])
        // Within a chart every series still has its own colour, names without a fixed one included.
        #expect(Set(withSLC.values).count == withSLC.count && Set(without.values).count == without.count)
    }

    @Test func groupedBarsStandSideBySideFromTheAxis() throws {
        var grouped = stacked
        grouped.layout = .grouped
        grouped.reference = nil
        let bars = try #require(XMLElements.parse(SVGChart.render(.bars(grouped), standalone: false))).classed("bar")
        let bottoms = bars.map { Double($0.attributes["y"]!)! + Double($0.attributes["height"]!)! }
        #expect(bottoms.allSatisfy { abs($0 - SVGChart.plotBottom) < 0.02 })
        let x = bars.map { Double($0.attributes["x"]!)! }
        #expect(x[0] < x[1] && x[1] < x[2] && x[2] < x[3])
    }

    @Test func rooflineMarksTheRidgeAndPlacesPoints() throws {
        // Peak 1 TOP/s over 50 GB/s: the ridge sits at 1e12 / 5e10 = 20 op/B.
        let chart = RooflineChart(title: "Roofline", peakOpsPerSecond: 1e12,
                                  roofs: [.init("DRAM", bytesPerSecond: 5e10), .init("L2", bytesPerSecond: 4e11)],
                                  points: [.init("gateUp", intensity: 1, opsPerSecond: 4e10),
                                           .init("attention", intensity: 0, opsPerSecond: 1)])
        let svg = try #require(XMLElements.parse(SVGChart.render(.roofline(chart), standalone: true)))
        #expect(svg.classed("ridge").first?.attributes["data-value"] == "20")
        #expect(svg.classed("roof").map { $0.attributes["data-series"] } == ["DRAM", "L2"])
        // A point with no intensity cannot sit on log axes and is left out.
        #expect(svg.classed("point").map { $0.attributes["data-label"] } == ["gateUp"])
        // x decades 0.1 (1 ÷ 2 rounded down) … 100 (20 × 4 rounded up).
        #expect(svg.filter { $0.attributes["class"] == "tick" && $0.attributes["text-anchor"] == "middle" }.map(\.text)
                == ["0.1", "1", "10", "100"])
    }

    @Test func aSharedLabelStartsRightOfEveryPointItNames() throws {
        // Intensities 1 and 1.2 sit log10(1.2) of a decade apart (a few pixels): one label names both, and it
        // must begin right of the second point, not cover it.
        let chart = RooflineChart(title: "Roofline", peakOpsPerSecond: 1e12, roofs: [.init("DRAM", bytesPerSecond: 5e10)],
                                  points: [.init("qProj", intensity: 1, opsPerSecond: 4e10),
                                           .init("attention", intensity: 1.2, opsPerSecond: 4.2e10)])
        let svg = try #require(XMLElements.parse(SVGChart.render(.roofline(chart), standalone: true)))
        let centres = svg.classed("point").map { Double($0.attributes["cx"]!)! }
        let labels = svg.classed("point-label")
        #expect(labels.map(\.text) == ["qProj, attention"])
        let left = try #require(labels.first.flatMap { Double($0.attributes["x"]!) })
        #expect(centres.count == 2 && centres.allSatisfy { left > $0 + 4.5 })
    }

    @Test func timelineColumnsSplitIntoPercentShares() throws {
        let chart = TimelineChart(title: "One decode step", timeAxis: ChartAxis("time", unit: "µs"),
                                  parts: ["L2", "DRAM"],
                                  segments: [.init(label: "0", detail: "layer 0", start: 0, duration: 30, shares: [1, 3]),
                                             .init(label: "1", detail: "layer 1", start: 30, duration: 10, shares: [1, 0])])
        let segments = try #require(XMLElements.parse(SVGChart.render(.timeline(chart), standalone: true))).classed("segment")
        #expect(segments.map { $0.attributes["data-value"] } == ["25", "75", "100", "0"])
        let widths = segments.map { Double($0.attributes["width"]!)! }
        #expect(abs(widths[0] / widths[2] - 3) < 1e-3)
    }
}
