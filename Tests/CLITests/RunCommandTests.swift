import Foundation
import Testing

/// `edgeprof run` end to end on a tiny config.json (random weights).
struct RunCommandTests {
    static func tinyConfig() throws -> String {
        let directory = try EdgeProfCLI.temporaryDirectory()
        let path = directory.appendingPathComponent("config.json").path
        let json = """
            {"model_type": "llama", "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 50,
             "max_position_embeddings": 32, "torch_dtype": "float32"}
            """
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func jsonReportsTokensAndPhases() throws {
        let config = try Self.tinyConfig()
        let args = ["run", "--model", config, "--prompt-tokens", "1,2,3", "--tokens", "5", "--threads", "2",
                    "--strategy", "reverse", "--format", "json"]
        let result = try EdgeProfCLI.run(args)
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(doc["schemaVersion"] as? Int == 1)
        #expect(doc["prompt"] as? [Int] == [1, 2, 3])
        #expect((doc["generated"] as? [Int])?.count == 5)
        #expect(doc["executedLayers"] as? Int == 4)
        let decode = try #require(doc["decode"] as? [String: Any])
        #expect(decode["steps"] as? Int == 4)
        #expect((doc["peakResidentBytes"] as? Int ?? 0) > 0)
        // Greedy generation with the same seed is deterministic.
        let again = try EdgeProfCLI.run(args)
        let doc2 = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(doc2["generated"] as? [Int] == doc["generated"] as? [Int])
    }

    @Test func weightsFileGreedyTokenIsLlamaCppsArgmax() throws {
        // The files helper's fixture: a tiny GGUF and llama.cpp's logits for its token list.
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/gguf")
        let oracle = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: fixtures.appendingPathComponent("tiny-llama-f32.logits.json"))) as? [String: Any])
        let tokens = try #require(oracle["tokens"] as? [Int])
        let last = try #require((oracle["logits"] as? [[Double]])?.last)
        let argmax = last.indices.max { last[$0] < last[$1] }!
        let result = try EdgeProfCLI.run([
            "run", "--weights", fixtures.appendingPathComponent("tiny-llama-f32.gguf").path, "--kv-precision", "f32",
            "--prompt-tokens", tokens.map(String.init).joined(separator: ","), "--tokens", "2", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((doc["generated"] as? [Int])?.first == argmax)
        #expect(doc["precision"] as? String == "f32")
    }

    @Test func badInputExitsWithCode2() throws {
        let config = try Self.tinyConfig()
        let outside = try EdgeProfCLI.run(["run", "--model", config, "--prompt-tokens", "1,50"])
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("--prompt-tokens"))
        let tooLong = try EdgeProfCLI.run(["run", "--model", config, "--prompt-length", "30", "--tokens", "10"])
        #expect(tooLong.status == 2)
        let precision = try EdgeProfCLI.run(["run", "--model", config, "--precision", "int4-g64"])
        #expect(precision.status == 2)
        let nothing = try EdgeProfCLI.run(["run", "--tokens", "3"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("--model"))
    }
}
