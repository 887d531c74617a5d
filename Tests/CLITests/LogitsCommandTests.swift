import Foundation
import Testing

@Suite struct LogitsCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    struct Expected: Decodable {
        var tokens: [Int32]
        var logits: [[Float]]
    }

    struct Document: Decodable {
        var schemaVersion: Int
        var origin: String
        var config: String
        var tokens: [Int32]
        var logits: [[Float]]
    }

    @Test func printsLlamaCppLogitsForTheF32GGUF() throws {
        let gguf = Self.fixtures.appendingPathComponent("gguf/tiny-llama-f32.gguf").path
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.fixtures
            .appendingPathComponent("gguf/tiny-llama-f32.logits.json")))
        let tokens = expected.tokens.map(String.init).joined(separator: ",")
        let result = try EdgeProfCLI.run(["logits", "--weights", gguf, "--tokens", tokens, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
        #expect(doc.schemaVersion == 1)
        #expect(doc.origin == gguf)
        #expect(doc.config == "tiny-llama")
        #expect(doc.tokens == expected.tokens)
        let diff = zip(doc.logits, expected.logits).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
        #expect(doc.logits.count == expected.logits.count && diff <= 1e-4)
        let again = try EdgeProfCLI.run(["logits", "--weights", gguf, "--tokens", tokens, "--format", "json"])
        #expect(again.stdout == result.stdout)
    }

    @Test func tableAndCSV() throws {
        let checkpoint = Self.fixtures.appendingPathComponent("safetensors/mobilellm-ls-tiny").path
        let table = try EdgeProfCLI.run(["logits", "--weights", checkpoint, "--tokens", "1,2,3"])
        #expect(table.status == 0)
        #expect(table.stdout.split(separator: "\n").count == 2 + 3)
        let csv = try EdgeProfCLI.run(["logits", "--weights", checkpoint, "--tokens", "1,2,3", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first?.split(separator: ",").count == 2 + 256)
    }

    @Test func badInputExitsWithTwo() throws {
        let gguf = Self.fixtures.appendingPathComponent("gguf/tiny-llama-q8_0.gguf").path
        let tokens = try EdgeProfCLI.run(["logits", "--weights", gguf, "--tokens", "1,x"])
        #expect(tokens.status == 2)
        #expect(tokens.stderr.contains("--tokens"))
        let range = try EdgeProfCLI.run(["logits", "--weights", gguf, "--tokens", "1,256"])
        #expect(range.status == 2)
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.gguf")
        try Data("GGUF\u{1}\0\0\0".utf8).write(to: bad)
        let file = try EdgeProfCLI.run(["logits", "--weights", bad.path, "--tokens", "1"])
        #expect(file.status == 2)
        #expect(file.stderr.contains("\(bad.path): version"))
    }
}
