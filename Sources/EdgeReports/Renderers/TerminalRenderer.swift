/// Plain text for a terminal: title, metadata, then each section's notes and tables; charts and sections marked
/// not for the terminal are left out.
enum TerminalRenderer {
    static func render(_ document: ReportDocument) -> String {
        var lines = [document.title]
        lines += document.metadata.map { "\($0.name): \($0.value)" }
        for section in document.sections where section.inTerminal {
            let blocks: [String] = section.blocks.compactMap { block in
                switch block {
                case .table(let table): (table.title.map { $0 + "\n" } ?? "") + table.render()
                case .note(let text): text
                case .chart: nil
                }
            }
            guard !blocks.isEmpty else { continue }
            lines.append("")
            if !section.title.isEmpty { lines.append("== \(section.title) ==") }
            lines.append(blocks.joined(separator: "\n\n"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
