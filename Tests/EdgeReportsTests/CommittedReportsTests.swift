import Foundation
import Testing

/// Every HTML report in Reports/ is well-formed XML and references nothing outside itself; every SVG chart beside a
/// Markdown report is well-formed, and every chart a Markdown report links to is there.
@Suite struct CommittedReportsTests {
    static let reports = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Reports")

    static func files(_ suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: reports, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }.sorted { $0.path < $1.path }
    }

    @Test func htmlReportsAreWellFormedAndSelfContained() throws {
        let pages = try Self.files(".html")
        #expect(!pages.isEmpty)
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            let elements = try #require(XMLElements.parse(text), "\(page.lastPathComponent) is not well-formed")
            #expect(elements.contains { $0.name == "svg" }, "\(page.lastPathComponent) has no chart")
            for forbidden in ["http:", "https:", "src=", "href=", "<script", "url(", "@import"] {
                #expect(!text.contains(forbidden), "\(page.lastPathComponent) contains \(forbidden)")
            }
        }
    }

    @Test func markdownChartsExistAndAreWellFormed() throws {
        for page in try Self.files(".md") where page.lastPathComponent != "README.md" {
            let text = try String(contentsOf: page, encoding: .utf8)
            let links = text.components(separatedBy: "](").dropFirst().compactMap { $0.split(separator: ")").first }
                .filter { $0.hasSuffix(".svg") }
            #expect(!links.isEmpty, "\(page.lastPathComponent) links no chart")
            for link in links {
                let svg = try String(contentsOf: Self.reports.appendingPathComponent(String(link)), encoding: .utf8)
                #expect(XMLElements.parse(svg) != nil, "\(link) is not well-formed")
            }
        }
    }
}
