/// Bars per category, stacked or grouped, with an optional reference line.
struct BarChartDrawing {
    let chart: BarChart

    /// Value of series `s` at category `c` (0 when missing, negative or not finite).
    func value(_ s: Int, _ c: Int) -> Double {
        let values = chart.series[s].values
        guard values.indices.contains(c), values[c].isFinite, values[c] > 0 else { return 0 }
        return values[c]
    }

    func draw(into svg: inout SVGBuilder) {
        let categories = chart.categories.indices, series = chart.series.indices
        let heights = categories.map { c in
            chart.layout == .stacked ? series.reduce(0) { $0 + value($1, c) } : series.map { value($0, c) }.max() ?? 0
        }
        let top = max(heights.max() ?? 0, chart.reference.map { $0.value.isFinite ? $0.value : 0 } ?? 0)
        let scale = ChartScale.linear(maximum: top * 1.05, start: SVGChart.plotBottom, end: SVGChart.plotTop)
        SVGChart.verticalAxis(scale, caption: chart.valueAxis.caption, into: &svg)
        let slot = (SVGChart.plotRight - SVGChart.plotLeft) / Double(max(chart.categories.count, 1))
        let rotate = chart.categories.count > 6 || chart.categories.contains { $0.count * 7 > Int(slot) }
        let colors = ChartPalette.colors(for: chart.series.map(\.name))
        svg.group("g", ["class": "bars"]) { g in
            for c in categories {
                let left = SVGChart.plotLeft + Double(c) * slot
                var below = 0.0
                let barWidth = chart.layout == .stacked ? slot * 0.6 : slot * 0.8 / Double(max(series.count, 1))
                for s in series {
                    let v = value(s, c)
                    let (low, high) = chart.layout == .stacked ? (below, below + v) : (0, v)
                    let y = scale.position(high), bottom = scale.position(low)
                    let x = chart.layout == .stacked ? left + slot * 0.2 : left + slot * 0.1 + Double(s) * barWidth
                    g.rect(x: x, y: y, width: barWidth, height: bottom - y, fill: colors[s],
                           data: ["class": "bar", "data-series": chart.series[s].name,
                                  "data-category": chart.categories[c], "data-value": ChartNumber.value(v)],
                           tooltip: "\(chart.categories[c]) · \(chart.series[s].name): \(ChartNumber.value(v)) \(chart.valueAxis.unit)")
                    below = high
                }
                let labelX = ChartNumber.coordinate(left + slot / 2), labelY = ChartNumber.coordinate(SVGChart.plotBottom + 16)
                if rotate {
                    g.element("text", ["class": "category", "x": labelX, "y": labelY, "text-anchor": "end",
                                       "transform": "rotate(-30 \(labelX) \(labelY))"], text: chart.categories[c])
                } else {
                    g.element("text", ["class": "category", "x": labelX, "y": labelY, "text-anchor": "middle"],
                              text: chart.categories[c])
                }
            }
        }
        SVGChart.horizontalAxisLine(caption: chart.categoryAxis, into: &svg)
        var legend = chart.series.enumerated().map { (name: $1.name, color: colors[$0], line: false) }
        if let reference = chart.reference, reference.value.isFinite {
            let y = ChartNumber.coordinate(scale.position(reference.value))
            svg.group("g", ["class": "reference", "data-value": ChartNumber.value(reference.value)]) { g in
                g.element("line", ["x1": ChartNumber.coordinate(SVGChart.plotLeft), "x2": ChartNumber.coordinate(SVGChart.plotRight),
                                   "y1": y, "y2": y, "stroke": "#C00000", "stroke-width": "2", "stroke-dasharray": "6 3"])
            }
            // Labelled in the legend, right of the plot, so no bar can hide the label.
            legend.append((name: "\(reference.label) \(ChartNumber.value(reference.value)) \(chart.valueAxis.unit)",
                           color: "#C00000", line: true))
        }
        SVGChart.legend(legend, into: &svg)
    }
}
