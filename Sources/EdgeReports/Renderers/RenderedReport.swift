import EdgeModel
import Foundation

/// A rendered report: the main text and, for Markdown, the SVG files it links to (names relative to it).
public struct RenderedReport: Sendable, Equatable {
    public var text: String
    /// File name → contents; written beside the main file.
    public var attachments: [(name: String, contents: String)]

    public init(text: String, attachments: [(name: String, contents: String)] = []) {
        self.text = text
        self.attachments = attachments
    }

    public static func == (a: RenderedReport, b: RenderedReport) -> Bool {
        a.text == b.text && a.attachments.map(\.name) == b.attachments.map(\.name)
            && a.attachments.map(\.contents) == b.attachments.map(\.contents)
    }

    /// Writes the attachments, then the main file, each atomically (`OutputFile.write`), so the main file never
    /// links to a chart that is not there yet.
    /// - Throws: `InputError` naming `path` and `flag` when a file cannot be written.
    public func write(to path: String, flag: String = "--output") throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for attachment in attachments {
            try OutputFile.write(attachment.contents, to: directory + "/" + attachment.name, flag: flag)
        }
        try OutputFile.write(text, to: path, flag: flag)
    }
}
