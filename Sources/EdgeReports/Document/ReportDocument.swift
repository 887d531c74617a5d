/// A report in a format-neutral shape: a title, metadata, and sections of tables, charts and notes.
///
/// Commands build one document; `ReportRenderer` turns it into a terminal table, CSV, Markdown (with SVG charts
/// beside it) or self-contained HTML. JSON is not rendered from the document: it is each command's own `Codable`
/// data, so a document never has to carry every figure a program might want.
public struct ReportDocument: Sendable, Equatable {
    /// The report's heading (`mobilellm-125m (f16) on Apple iPhone 13`).
    public var title: String
    /// What the report is about (model, device, tokens, mode …), in order.
    public var metadata: [ReportField]
    /// The body, in order.
    public var sections: [ReportSection]

    public init(title: String, metadata: [ReportField] = [], sections: [ReportSection] = []) {
        self.title = title
        self.metadata = metadata
        self.sections = sections
    }

    /// Every table of the document, in order.
    public var tables: [TextTable] {
        sections.flatMap { $0.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } }
    }

    /// Every chart of the document, in order.
    public var charts: [Chart] {
        sections.flatMap { $0.blocks.compactMap { if case .chart(let c) = $0 { c } else { nil } } }
    }
}

/// One `name: value` line of a report's metadata.
public struct ReportField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A titled part of a report.
public struct ReportSection: Sendable, Equatable {
    /// Heading; an empty title renders no heading.
    public var title: String
    public var blocks: [ReportBlock]
    /// False for long detail (per-layer tables) that files carry but the terminal leaves out.
    public var inTerminal: Bool

    public init(_ title: String, _ blocks: [ReportBlock], inTerminal: Bool = true) {
        self.title = title
        self.blocks = blocks
        self.inTerminal = inTerminal
    }
}

/// One element of a section.
public enum ReportBlock: Sendable, Equatable {
    /// A table (every format shows it).
    case table(TextTable)
    /// A chart (SVG in Markdown and HTML; the terminal and CSV leave charts out).
    case chart(Chart)
    /// A paragraph of text.
    case note(String)
}
