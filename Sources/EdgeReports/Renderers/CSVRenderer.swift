/// CSV: a document with one table is that table; several tables are separated by a blank line, each preceded
/// by a one-cell row naming its section and title, so each block loads on its own.
enum CSVRenderer {
    static func render(_ document: ReportDocument) -> String {
        var blocks: [(name: String, table: TextTable)] = []
        for section in document.sections {
            for case .table(let table) in section.blocks {
                blocks.append((name: [section.title, table.title ?? ""].filter { !$0.isEmpty }.joined(separator: ": "),
                               table: table))
            }
        }
        if blocks.count == 1 { return blocks[0].table.csv() + "\n" }
        return blocks.map { TextTable.csvField($0.name) + "\n" + $0.table.csv() }.joined(separator: "\n\n") + "\n"
    }
}
