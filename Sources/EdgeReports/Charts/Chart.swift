/// A chart of a report. Renderers draw it as SVG (`SVGChart`); the terminal and CSV leave charts out.
public enum Chart: Sendable, Equatable {
    /// Stacked or grouped bars per category, optionally with a reference line (a memory budget).
    case bars(BarChart)
    /// Op kinds placed by arithmetic intensity and attained throughput under a device's roofs (log-log).
    case roofline(RooflineChart)
    /// Segments of one step laid out in time, each split into shares (where a layer's bytes came from).
    case timeline(TimelineChart)

    /// The chart's caption.
    public var title: String {
        switch self {
        case .bars(let c): c.title
        case .roofline(let c): c.title
        case .timeline(let c): c.title
        }
    }
}

/// An axis caption and its unit (`decode latency`, `ms/token`).
public struct ChartAxis: Sendable, Equatable {
    public var label: String
    public var unit: String

    public init(_ label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    /// `label (unit)`.
    public var caption: String { unit.isEmpty ? label : "\(label) (\(unit))" }
}

/// A named series of values, one per category.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(_ name: String, _ values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// Bars per category: the series stacked on each other or side by side.
public struct BarChart: Sendable, Equatable {
    public enum Layout: Sendable, Equatable { case stacked, grouped }

    /// A horizontal line across the plot (a budget), labelled with its value.
    public struct Reference: Sendable, Equatable {
        public var label: String
        public var value: Double
        public init(_ label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var title: String
    public var layout: Layout
    /// Category names along the horizontal axis.
    public var categories: [String]
    /// Values per category (each series has one value per category; non-finite or negative values draw as 0).
    public var series: [ChartSeries]
    /// The vertical axis (values are in its unit).
    public var valueAxis: ChartAxis
    /// Caption of the horizontal axis.
    public var categoryAxis: String
    public var reference: Reference?

    public init(title: String, layout: Layout, categories: [String], series: [ChartSeries], valueAxis: ChartAxis,
                categoryAxis: String, reference: Reference? = nil) {
        self.title = title
        self.layout = layout
        self.categories = categories
        self.series = series
        self.valueAxis = valueAxis
        self.categoryAxis = categoryAxis
        self.reference = reference
    }
}

/// A roofline: attainable throughput = min(peak, intensity × bandwidth) for each memory roof, with points.
public struct RooflineChart: Sendable, Equatable {
    /// A bandwidth roof (DRAM, a cache level), bytes per second.
    public struct Roof: Sendable, Equatable {
        public var name: String
        public var bytesPerSecond: Double
        public init(_ name: String, bytesPerSecond: Double) {
            self.name = name
            self.bytesPerSecond = bytesPerSecond
        }
    }

    /// One placed item: intensity in ops per byte, attained ops per second.
    public struct Point: Sendable, Equatable {
        public var label: String
        public var intensity: Double
        public var opsPerSecond: Double
        public init(_ label: String, intensity: Double, opsPerSecond: Double) {
            self.label = label
            self.intensity = intensity
            self.opsPerSecond = opsPerSecond
        }
    }

    public var title: String
    /// Peak compute of the unit, ops per second.
    public var peakOpsPerSecond: Double
    /// Memory roofs; the first is the one whose ridge point (peak ÷ bandwidth) is marked (DRAM).
    public var roofs: [Roof]
    /// Points with positive, finite coordinates are drawn; others are left out.
    public var points: [Point]

    public init(title: String, peakOpsPerSecond: Double, roofs: [Roof], points: [Point]) {
        self.title = title
        self.peakOpsPerSecond = peakOpsPerSecond
        self.roofs = roofs
        self.points = points
    }

    /// Intensity (ops per byte) where the first roof meets the compute peak.
    public var ridgeIntensity: Double { roofs.first.map { peakOpsPerSecond / $0.bytesPerSecond } ?? 0 }
}

/// One step laid out in time: a column per segment (an executed layer), as wide as its duration, split
/// vertically into shares (fractions of its bytes each memory level served).
public struct TimelineChart: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        /// Short label under the axis (`3`) and a longer tooltip (`layer 3, block 1`).
        public var label: String
        public var detail: String
        public var start: Double
        public var duration: Double
        /// One share per entry of `parts`, summing to 1 (normalised when drawn).
        public var shares: [Double]
        public init(label: String, detail: String, start: Double, duration: Double, shares: [Double]) {
            self.label = label
            self.detail = detail
            self.start = start
            self.duration = duration
            self.shares = shares
        }
    }

    public var title: String
    /// The time axis (segments' start and duration are in its unit).
    public var timeAxis: ChartAxis
    /// Names of the shares (legend entries), drawn bottom to top.
    public var parts: [String]
    public var segments: [Segment]

    public init(title: String, timeAxis: ChartAxis, parts: [String], segments: [Segment]) {
        self.title = title
        self.timeAxis = timeAxis
        self.parts = parts
        self.segments = segments
    }
}
