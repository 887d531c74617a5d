/// One step in time: a column per segment spanning its start and duration, split into its shares (percent).
struct TimelineDrawing {
    let chart: TimelineChart

    func draw(into svg: inout SVGBuilder) {
        let end = chart.segments.map { $0.start + $0.duration }.max() ?? 1
        let xScale = ChartScale.linear(maximum: end, start: SVGChart.plotLeft, end: SVGChart.plotRight, targetTicks: 8)
        let yScale = ChartScale.linear(maximum: 100, start: SVGChart.plotBottom, end: SVGChart.plotTop)
        SVGChart.verticalAxis(yScale, caption: "share of the layer's bytes (%)", into: &svg)
        svg.group("g", ["class": "x-axis"]) { g in
            for tick in xScale.ticks {
                g.element("text", ["class": "tick", "data-value": ChartNumber.value(tick),
                                   "x": ChartNumber.coordinate(xScale.position(tick)),
                                   "y": ChartNumber.coordinate(SVGChart.plotBottom + 30), "text-anchor": "middle"],
                          text: xScale.label(tick))
            }
        }
        SVGChart.horizontalAxisLine(caption: chart.timeAxis.caption, into: &svg)
        let labelEvery = max(1, chart.segments.count / 16)
        let colors = ChartPalette.colors(for: chart.parts)
        svg.group("g", ["class": "segments"]) { g in
            for (index, segment) in chart.segments.enumerated() {
                let x = xScale.position(segment.start), right = xScale.position(segment.start + segment.duration)
                let shares = segment.shares.map { $0.isFinite && $0 > 0 ? $0 : 0 }
                let total = shares.reduce(0, +)
                var below = 0.0
                for (p, share) in shares.enumerated() where p < chart.parts.count {
                    let percent = total > 0 ? share / total * 100 : 0
                    let top = yScale.position(below + percent), bottom = yScale.position(below)
                    g.rect(x: x, y: top, width: max(right - x, 0.5), height: bottom - top, fill: colors[p],
                           data: ["class": "segment", "data-series": chart.parts[p], "data-category": segment.label,
                                  "data-value": ChartNumber.value(percent)],
                           tooltip: "\(segment.detail): \(chart.parts[p]) \(ChartNumber.plain(percent, decimals: 1))%")
                    below += percent
                }
                if index % labelEvery == 0 {
                    g.element("text", ["class": "category", "x": ChartNumber.coordinate((x + right) / 2),
                                       "y": ChartNumber.coordinate(SVGChart.plotBottom + 13), "text-anchor": "middle",
                                       "font-size": "9"], text: segment.label)
                }
            }
        }
        SVGChart.legend(chart.parts.enumerated().map { (name: $1, color: colors[$0], line: false) }, into: &svg)
    }
}
