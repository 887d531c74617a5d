import EdgeBench
import EdgeMemory
import Foundation

/// Paths and helpers shared by the EdgeBench tests.
enum Fixtures {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A locator for the repository's DeviceProfiles/.
    static let locator = ProfileLocator(explicitDirectory: root.appendingPathComponent("DeviceProfiles").path)

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edgebench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in `directory` and returns its path.
    @discardableResult
    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A suite file of `cases` (JSON objects as text).
    static func suite(_ cases: [String], name: String = "test-suite", in directory: URL) throws -> String {
        try write(#"{"schemaVersion": 1, "name": "\#(name)", "cases": [\#(cases.joined(separator: ","))]}"#,
                  "suite.json", in: directory)
    }

    /// A small deterministic case on the tiny MobileLLM fixture config.
    static func tinyCase(_ id: String, device: String = "iphone13", tokens: Int = 4) -> String {
        let model = root.appendingPathComponent("Tests/Fixtures/safetensors/mobilellm-ls-tiny/config.json").path
        return #"{"id": "\#(id)", "model": "\#(model)", "device": "\#(device)", "prompt": 8, "tokens": \#(tokens)}"#
    }
}
