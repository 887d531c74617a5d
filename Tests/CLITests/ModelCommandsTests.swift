import Foundation
import Testing

@Suite struct ModelCommandsTests {
    @Test func modelsJSONListsEveryPresetWithParameters() throws {
        let result = try EdgeProfCLI.run(["models", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        let models = try #require(json["models"] as? [[String: Any]])
        let params = Dictionary(uniqueKeysWithValues: models.map { ($0["name"] as! String, $0["parameters"] as! Int) })
        #expect(params.count == 10)
        #expect(params["mobilellm-r1-140m"] == 140_248_512)
        #expect(params["mobilellm-ls-125m"] == params["mobilellm-125m"])
    }

    @Test func jsonIsByteIdenticalAcrossRuns() throws {
        let a = try EdgeProfCLI.run(["inspect", "mobilellm-ls-125m", "--format", "json"])
        let b = try EdgeProfCLI.run(["inspect", "mobilellm-ls-125m", "--format", "json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test func inspectLS125mShowsSixtyImmediateLayers() throws {
        let result = try EdgeProfCLI.run(["inspect", "mobilellm-ls-125m", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let totals = try #require(json["totals"] as? [String: Any])
        #expect(totals["blocks"] as? Int == 30)
        #expect(totals["executedLayers"] as? Int == 60)
        #expect(json["schedule"] as? [Int] == (0..<30).flatMap { [$0, $0] })
    }

    @Test func overridesApply() throws {
        let result = try EdgeProfCLI.run(["inspect", "mobilellm-125m", "--strategy", "reverse", "--repeats", "3",
                                          "--precision", "int8", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let schedule = try #require(json["schedule"] as? [Int])
        #expect(schedule == Array(0..<30) + Array((0..<30).reversed()) + Array(0..<30))
        #expect((json["config"] as? [String: Any])?["precision"] as? String == "int8")
    }

    @Test(arguments: [
        (["inspect", "mobilellm-125m", "--strategy", "sideways"], "--strategy"),
        (["inspect", "mobilellm-125m", "--precision", "int3"], "--precision"),
        (["inspect", "no-such-model"], "<model>"),
        (["inspect", "mobilellm-125m", "--repeats", "0"], "--repeats"),
    ])
    func badInputExitsTwoNamingTheField(arguments: [String], field: String) throws {
        let result = try EdgeProfCLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(": \(field): "))
    }

    @Test func badConfigFileExitsTwoNamingFileAndField() throws {
        let dir = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.json").path
        try Data(#"{"hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 10}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try EdgeProfCLI.run(["inspect", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path): intermediate_size: is missing"))
    }
}
