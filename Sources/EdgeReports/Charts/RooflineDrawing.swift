import Foundation

/// A log-log roofline: each roof min(peak, intensity × bandwidth), the ridge of the first roof, and the points,
/// labelled (points closer than a label's height share one label).
struct RooflineDrawing {
    let chart: RooflineChart

    func draw(into svg: inout SVGBuilder) {
        let points = chart.points.filter { $0.intensity.isFinite && $0.intensity > 0 && $0.opsPerSecond.isFinite && $0.opsPerSecond > 0 }
        let roofs = chart.roofs.filter { $0.bytesPerSecond.isFinite && $0.bytesPerSecond > 0 }
        let peak = chart.peakOpsPerSecond / 1e9
        let ridge = chart.ridgeIntensity
        let intensities = points.map(\.intensity) + [ridge].filter { $0 > 0 }
        let xScale = ChartScale.logarithmic(minimum: (intensities.min() ?? 0.1) / 2, maximum: (intensities.max() ?? 10) * 4,
                                            start: SVGChart.plotLeft, end: SVGChart.plotRight)
        let lowest = points.map { $0.opsPerSecond / 1e9 }.min() ?? peak / 100
        let yScale = ChartScale.logarithmic(minimum: min(lowest, xScale.lower * (roofs.first?.bytesPerSecond ?? 1e9) / 1e9) / 2,
                                            maximum: peak * 2, start: SVGChart.plotBottom, end: SVGChart.plotTop)
        SVGChart.verticalAxis(yScale, caption: "attained throughput (GOP/s)", into: &svg)
        svg.group("g", ["class": "x-axis"]) { g in
            for tick in xScale.ticks {
                let x = ChartNumber.coordinate(xScale.position(tick))
                g.element("line", ["x1": x, "x2": x, "y1": ChartNumber.coordinate(SVGChart.plotTop),
                                   "y2": ChartNumber.coordinate(SVGChart.plotBottom), "stroke": "#d0d0d0", "stroke-width": "0.6"])
                g.element("text", ["class": "tick", "data-value": ChartNumber.value(tick), "x": x,
                                   "y": ChartNumber.coordinate(SVGChart.plotBottom + 16), "text-anchor": "middle"],
                          text: xScale.label(tick))
            }
        }
        SVGChart.horizontalAxisLine(caption: "arithmetic intensity (op per DRAM byte)", into: &svg)
        var legend: [(name: String, color: String, line: Bool)] = []
        let colors = ChartPalette.colors(for: roofs.map(\.name))
        svg.group("g", ["class": "roofs"]) { g in
            for (i, roof) in roofs.enumerated() {
                let color = i == 0 ? "#222222" : colors[i]
                let gbps = roof.bytesPerSecond / 1e9
                // The slanted part meets the peak at intensity peak ÷ bandwidth; outside the plot it is clamped.
                let knee = peak / gbps
                let samples = [xScale.lower, min(max(knee, xScale.lower), xScale.upper), xScale.upper]
                let path = samples.map { x in
                    "\(ChartNumber.coordinate(xScale.position(x))),\(ChartNumber.coordinate(yScale.position(min(peak, x * gbps))))"
                }.joined(separator: " ")
                g.element("polyline", ["class": "roof", "data-series": roof.name,
                                       "data-bytes-per-second": ChartNumber.value(roof.bytesPerSecond), "points": path,
                                       "fill": "none", "stroke": color, "stroke-width": i == 0 ? "2.5" : "1.5",
                                       "stroke-dasharray": i == 0 ? "none" : "5 3"])
                legend.append((name: "\(roof.name) roof \(ChartNumber.plain(gbps, decimals: 1)) GB/s", color: color, line: true))
            }
            if ridge > 0 {
                let x = ChartNumber.coordinate(xScale.position(ridge))
                g.element("line", ["class": "ridge", "data-value": ChartNumber.value(ridge), "x1": x, "x2": x,
                                   "y1": ChartNumber.coordinate(SVGChart.plotTop), "y2": ChartNumber.coordinate(SVGChart.plotBottom),
                                   "stroke": "#555555", "stroke-dasharray": "2 3"])
                g.element("text", ["x": x, "y": ChartNumber.coordinate(SVGChart.plotBottom - 6), "dx": "4", "fill": "#555555"],
                          text: "ridge \(ChartNumber.plain(ridge, decimals: 1)) op/B")
            }
            g.element("text", ["x": ChartNumber.coordinate(SVGChart.plotLeft + 6),
                               "y": ChartNumber.coordinate(yScale.position(peak)), "dy": "-5"],
                      text: "peak \(ChartNumber.plain(peak, decimals: 1)) GOP/s")
        }
        legend.append((name: "op kind", color: "#D55E00", line: false))
        svg.group("g", ["class": "points"]) { g in
            // A label starts right of the rightmost point it names, so its text never covers one of them.
            var labels: [(x: Double, y: Double, right: Double, names: [String])] = []
            for point in points {
                let x = xScale.position(point.intensity), y = yScale.position(point.opsPerSecond / 1e9)
                g.group("circle", ["class": "point", "data-label": point.label,
                                   "data-intensity": ChartNumber.value(point.intensity),
                                   "data-ops-per-second": ChartNumber.value(point.opsPerSecond),
                                   "cx": ChartNumber.coordinate(x), "cy": ChartNumber.coordinate(y), "r": "4.5",
                                   "fill": "#D55E00", "stroke": "#222222", "stroke-width": "0.8"]) { c in
                    c.element("title", [:], text: "\(point.label): \(ChartNumber.value(point.intensity)) op/B, "
                              + "\(ChartNumber.value(point.opsPerSecond / 1e9)) GOP/s")
                }
                if let near = labels.firstIndex(where: { abs($0.x - x) < 40 && abs($0.y - y) < 12 }) {
                    labels[near].names.append(point.label)
                    labels[near].right = max(labels[near].right, x)
                } else {
                    labels.append((x: x, y: y, right: x, names: [point.label]))
                }
            }
            // Labels that would overlap one already placed move down a line until they do not.
            var placed: [(x: Double, y: Double, width: Double)] = []
            for label in labels {
                let text = label.names.joined(separator: ", ")
                let width = Double(text.count) * 6
                var y = label.y - 6
                let left = label.right + 7
                while placed.contains(where: { abs($0.y - y) < 12 && left < $0.x + $0.width && $0.x < left + width }) {
                    y += 13
                }
                placed.append((x: left, y: y, width: width))
                g.element("text", ["class": "point-label", "x": ChartNumber.coordinate(left),
                                   "y": ChartNumber.coordinate(y), "font-size": "11"], text: text)
            }
        }
        SVGChart.legend(legend, into: &svg)
    }
}
