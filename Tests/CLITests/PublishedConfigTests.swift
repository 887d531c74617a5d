import Foundation
import Testing

/// The published config.json files (Tests/Fixtures/configs, see SOURCES.md) work end to end: inspect, simulate
/// on a phone whose model unit has no bf16 peak, and run (at tiny dimensions, same fields otherwise).
@Suite struct PublishedConfigTests {
    static let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/configs").standardizedFileURL

    static func path(_ model: String) -> String { configs.appendingPathComponent("\(model)/config.json").path }

    static func json(_ result: EdgeProfCLI.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    // Parameters = V·d + L·(d·H·hd + 2·d·KV·hd + H·hd·d + 3·d·h + 2·d) + d (one shared embedding):
    // 125M: 32000·576 + 30·(331776 + 221184 + 331776 + 2654208 + 1152) + 576 = 124,635,456 (card 124.6M);
    // 350M: 32000·960 + 32·(921600 + 614400 + 921600 + 7372800 + 1920) + 960 = 345,355,200 (card 345.3M);
    // R1-140M: 128256·576 + 15·(331776 + 221184 + 331776 + 3538944 + 1152) + 576 = 140,248,512 (its card), with
    // h = intermediate_size_mlp 2048, not the file's MoE intermediate_size 8192.
    @Test(arguments: [("mobilellm-125m", 124_635_456, "f16"), ("mobilellm-350m", 345_355_200, "f16"),
                      ("mobilellm-r1-140m", 140_248_512, "bf16")])
    func inspectReadsThePublishedConfig(model: String, parameters: Int, precision: String) throws {
        let json = try Self.json(try EdgeProfCLI.run(["inspect", Self.path(model), "--format", "json"]))
        let totals = try #require(json["totals"] as? [String: Any])
        let config = try #require(json["config"] as? [String: Any])
        #expect(totals["parameters"] as? Int == parameters)
        #expect(config["precision"] as? String == precision)
        #expect(config["sharedEmbedding"] as? Bool == true)  // share_embedding wins over tie_word_embeddings: false
    }

    @Test func simulateRunsBF16AtTheF32RateOnAPhoneWithoutABF16Peak() throws {
        let args = ["simulate", "--model", Self.path("mobilellm-r1-140m"), "--strategy", "none", "--prompt", "8",
                    "--tokens", "2", "--format", "json"]
        let report = try #require((try Self.json(try EdgeProfCLI.run(args))["reports"] as? [[String: Any]])?.first)
        #expect(report["precision"] as? String == "bf16")
        #expect(report["computedAs"] as? String == "f32")
        // iphone13's cpu-p lists f32 203 GFLOP/s and no bf16 peak (DeviceProfiles/iphone13.json): every op's
        // compute time is its FLOPs ÷ 203e9.
        let decode = try #require(report["decode"] as? [String: Any])
        let ops = try #require(decode["perOp"] as? [[String: Any]])
        let gateUp = try #require(ops.first { $0["kind"] as? String == "gateUp" })
        let flops = try #require(gateUp["flops"] as? Int), seconds = try #require(gateUp["computeSeconds"] as? Double)
        #expect(abs(seconds - Double(flops) / 203e9) <= 1e-9 * seconds)
        let text = try EdgeProfCLI.run(Array(args.dropLast(2)))
        #expect(text.stdout.contains("weights converted to f32 on the fly"))
        // At f16, which the unit lists, nothing is converted.
        let f16 = try #require((try Self.json(try EdgeProfCLI.run(args + ["--precision", "f16"]))["reports"]
                                as? [[String: Any]])?.first)
        #expect(f16["computedAs"] == nil)
    }

    @Test func runGeneratesWithTheR1ConfigAtTinyDimensions() throws {
        // The published R1 file with only its sizes shrunk: llama4_text, intermediate_size_mlp, use_qk_norm,
        // tied embeddings and torch_dtype bfloat16 are kept, so the runtime computes bf16 weights.
        var json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Self.path("mobilellm-r1-140m")))) as? [String: Any])
        for (key, value) in ["hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
                             "intermediate_size_mlp": 128, "num_hidden_layers": 2, "vocab_size": 256,
                             "max_position_embeddings": 64] {
            json[key] = value
        }
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        let run = try Self.json(try EdgeProfCLI.run(["run", "--model", config.path, "--prompt-length", "4",
                                                      "--tokens", "3", "--threads", "1", "--format", "json"]))
        #expect(run["precision"] as? String == "bf16")
        #expect(run["storage"] as? String == "bf16")
        #expect((run["generated"] as? [Int])?.count == 3)
    }
}
