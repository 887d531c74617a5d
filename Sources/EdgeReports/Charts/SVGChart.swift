/// Draws a `Chart` as SVG: a titled frame, axes with ticks and unit captions, the marks, and a legend.
///
/// Marks carry `class` and `data-*` attributes (series, category, value) so tests and readers can check the
/// numbers behind each shape. Standalone output (an `.svg` file) declares the SVG namespace; inline output (inside
/// HTML) needs none and so references nothing at all.
public enum SVGChart {
    /// Size of every chart, user units.
    static let width = 760.0, height = 376.0
    /// The plot area inside the frame: room for tick labels on the left, the legend on the right.
    static let plotLeft = 80.0, plotRight = 560.0, plotTop = 44.0, plotBottom = 320.0

    public static func render(_ chart: Chart, standalone: Bool) -> String {
        var svg = SVGBuilder()
        let namespace = standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : ""
        let open = "<svg\(namespace) class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
            + "height=\"\(Int(height))\" role=\"img\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        svg.element("title", [:], text: chart.title)
        svg.element("rect", ["x": "0", "y": "0", "width": "\(Int(width))", "height": "\(Int(height))", "fill": "#ffffff"])
        svg.element("text", ["class": "chart-title", "x": "\(Int(width / 2))", "y": "22", "text-anchor": "middle",
                             "font-size": "15", "font-weight": "bold"], text: chart.title)
        switch chart {
        case .bars(let bars): BarChartDrawing(chart: bars).draw(into: &svg)
        case .roofline(let roofline): RooflineDrawing(chart: roofline).draw(into: &svg)
        case .timeline(let timeline): TimelineDrawing(chart: timeline).draw(into: &svg)
        }
        return open + svg.markup + "</svg>\n"
    }

    /// Horizontal gridlines and labelled ticks of a vertical scale, and its caption rotated along the axis.
    static func verticalAxis(_ scale: ChartScale, caption: String, into svg: inout SVGBuilder) {
        svg.group("g", ["class": "y-axis"]) { g in
            for tick in scale.ticks {
                let y = ChartNumber.coordinate(scale.position(tick))
                g.element("line", ["x1": ChartNumber.coordinate(plotLeft), "x2": ChartNumber.coordinate(plotRight),
                                   "y1": y, "y2": y, "stroke": "#d0d0d0", "stroke-width": "0.6"])
                g.element("text", ["class": "tick", "data-value": ChartNumber.value(tick),
                                   "x": ChartNumber.coordinate(plotLeft - 6), "y": y, "dy": "4", "text-anchor": "end"],
                          text: scale.label(tick))
            }
            g.element("line", ["x1": ChartNumber.coordinate(plotLeft), "x2": ChartNumber.coordinate(plotLeft),
                               "y1": ChartNumber.coordinate(plotTop), "y2": ChartNumber.coordinate(plotBottom),
                               "stroke": "#222222"])
            let middle = ChartNumber.coordinate((plotTop + plotBottom) / 2)
            g.element("text", ["class": "axis-caption", "x": "18", "y": middle, "text-anchor": "middle",
                               "transform": "rotate(-90 18 \(middle))"], text: caption)
        }
    }

    /// The horizontal axis line and its caption under the plot.
    static func horizontalAxisLine(caption: String, into svg: inout SVGBuilder) {
        svg.element("line", ["x1": ChartNumber.coordinate(plotLeft), "x2": ChartNumber.coordinate(plotRight),
                             "y1": ChartNumber.coordinate(plotBottom), "y2": ChartNumber.coordinate(plotBottom),
                             "stroke": "#222222"])
        svg.element("text", ["class": "axis-caption", "x": ChartNumber.coordinate((plotLeft + plotRight) / 2),
                             "y": ChartNumber.coordinate(height - 12), "text-anchor": "middle"], text: caption)
    }

    /// A legend right of the plot: one swatch (or line sample) and name per entry.
    static func legend(_ entries: [(name: String, color: String, line: Bool)], into svg: inout SVGBuilder) {
        svg.group("g", ["class": "legend"]) { g in
            for (i, entry) in entries.enumerated() {
                let y = plotTop + Double(i) * 20
                if entry.line {
                    g.element("line", ["x1": ChartNumber.coordinate(plotRight + 20), "x2": ChartNumber.coordinate(plotRight + 34),
                                       "y1": ChartNumber.coordinate(y + 6), "y2": ChartNumber.coordinate(y + 6),
                                       "stroke": entry.color, "stroke-width": "2.5"])
                } else {
                    g.element("rect", ["x": ChartNumber.coordinate(plotRight + 20), "y": ChartNumber.coordinate(y),
                                       "width": "14", "height": "12", "fill": entry.color, "stroke": "#222222",
                                       "stroke-width": "0.5"])
                }
                g.element("text", ["class": "legend-entry", "x": ChartNumber.coordinate(plotRight + 40),
                                   "y": ChartNumber.coordinate(y + 10)], text: entry.name)
            }
        }
    }
}
