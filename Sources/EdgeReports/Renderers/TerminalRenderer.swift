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
                case .note(let text): wrapped(text)
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

    /// `text` with each line broken at spaces so it stays within `width` characters (longer words stay whole); linear
    /// in the text's length.
    static func wrapped(_ text: String, width: Int = 110) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { (line: Substring) -> String in
            var lines: [String] = []
            var current = ""
            var length = 0
            for word in line.split(separator: " ") {
                let count = word.count
                if length > 0 && length + 1 + count > width {
                    lines.append(current)
                    current = ""
                    length = 0
                }
                current += (length > 0 ? " " : "") + word
                length += (length > 0 ? 1 : 0) + count
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
