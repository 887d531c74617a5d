import Foundation
import Testing

/// `profile` on a tiny config (random weights), so the debug binary runs it for real in about a second.
@Suite struct ProfileCommandTests {
    static let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/safetensors/tiny-llama-sharded/config.json").path
    static let small = ["profile", "--model", tiny, "--prompt", "8", "--tokens", "3", "--threads", "1"]

    /// `value` re-encoded with sorted keys, for byte comparison of one part of a document.
    func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }

    @Test func deviceHalfIsByteIdenticalAndHostHalfSeparate() throws {
        let a = try EdgeProfCLI.run(Self.small + ["--format", "json"])
        let b = try EdgeProfCLI.run(Self.small + ["--format", "json"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stderr.isEmpty, "no progress line when stderr is not a terminal")
        let ja = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let jb = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        #expect(try canonical(ja["device"]!) == canonical(jb["device"]!))
        let devices = try #require(ja["device"] as? [[String: Any]])
        let strategies = try #require(devices.first?["strategies"] as? [[String: Any]])
        #expect(strategies.map { $0["sharing"] as? String } == ["none", "immediate", "repeat-all-over", "reverse"])
        let measured = try #require(ja["measured"] as? [String: Any])
        #expect((measured["strategies"] as? [Any])?.count == 4)
        #expect(ja["schemaVersion"] as? Int == 1)
    }

    @Test func writesHTMLAndMarkdownWithChartsBesideIt() throws {
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("profile.html").path
        let md = directory.appendingPathComponent("profile.md").path
        let run = try EdgeProfCLI.run(Self.small + ["--strategy", "immediate", "--output", md, "--save", html])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty && run.stderr == "edgeprof: wrote \(html)\n")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("http") && !page.contains("src=") && !page.contains("href="))
        let text = try String(contentsOfFile: md, encoding: .utf8)
        // Bytes, latency, energy, memory, roofline and one timeline: six charts, each an SVG file beside the .md.
        for n in 1...6 {
            #expect(text.contains("(profile-\(n).svg)"))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("profile-\(n).svg").path))
        }
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!listing.contains { $0.contains(".tmp") })
    }

    @Test(arguments: [
        (["--device", "no-such-phone"], "no-such-phone"),
        (["--tokens", "1"], "--tokens"),
        (["--prompt", "0"], "--prompt"),
        (["--strategy", "zigzag"], "--strategy"),
        (["--output", "report.pdf"], "--output"),
        (["--output", "/nonexistent-dir/report.html"], "--output"),
        (["--save", "report.docx"], "--save"),
    ])
    func badInputExitsTwoAndWritesNothing(extra: [String], field: String) throws {
        let result = try EdgeProfCLI.run(Self.small + extra)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(field), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir/report.html"))
    }
}
