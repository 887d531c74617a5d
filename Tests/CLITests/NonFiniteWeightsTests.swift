import Foundation
import Testing

/// Weights holding NaN give exit 2 naming the file, never silent garbage tokens.
@Suite struct NonFiniteWeightsTests {
    /// The tiny F32 fixture with its last 1,000 floats (the end of the last tensor) set to NaN.
    func nanWeights(in directory: URL) throws -> String {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/gguf/tiny-llama-f32.gguf")
        var bytes = try Data(contentsOf: fixture)
        let nan = withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Data($0) }
        for offset in stride(from: bytes.count - 4000, to: bytes.count, by: 4) {
            bytes.replaceSubrange(offset..<offset + 4, with: nan)
        }
        let path = directory.appendingPathComponent("nan.gguf").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [["run", "--tokens", "3", "--prompt-tokens", "1,2"], ["logits", "--tokens", "1,2"]])
    func nanWeightsExitTwo(arguments: [String]) throws {
        let dir = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try nanWeights(in: dir)
        let result = try EdgeProfCLI.run(arguments + ["--weights", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path): logits"))
    }
}
