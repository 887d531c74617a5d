import Foundation
import Testing

/// Issue 10's black-box findings, end to end: each bad input exits 2 at once with a message naming the user's flag
/// or the file and field.
@Suite struct InputErrorMessageTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let gguf = fixtures.appendingPathComponent("gguf/tiny-llama-q8_0.gguf").path

    func expectBadInput(_ arguments: [String], mentioning text: String) throws {
        let result = try EdgeProfCLI.run(arguments, timeout: 60)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)")
    }

    @Test func logitsNamesTheUsersFlags() throws {
        try expectBadInput(["logits", "--weights", Self.gguf, "--tokens", "1", "--threads", "100000"], mentioning: "--threads")
        // The fixture's context is 64 positions (tiny-llama in scripts/make_gguf_fixtures.py).
        let tooMany = (0..<65).map { _ in "1" }.joined(separator: ",")
        try expectBadInput(["logits", "--weights", Self.gguf, "--tokens", tooMany], mentioning: "--tokens: 65 tokens exceed")
        try expectBadInput(["logits", "--weights", Self.gguf, "--tokens", "1,256"], mentioning: "--tokens: token id 256")
    }

    @Test func nonRegularInputsAreRefused() throws {
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("f").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for arguments in [["logits", "--weights", fifo, "--tokens", "1"], ["run", "--weights", fifo, "--tokens", "1"],
                          ["inspect", fifo], ["replay", "--hierarchy", "iphone13", "--trace", fifo],
                          ["replay", "--hierarchy", "/dev/zero", "--trace", fifo], ["simulate", "--device", fifo],
                          ["logits", "--weights", "/dev/zero", "--tokens", "1"]] {
            try expectBadInput(arguments, mentioning: "is not a regular file")
        }
    }

    @Test func missingProfilesDirIsBadInput() throws {
        try expectBadInput(["devices", "--profiles-dir", "/nonexistent/profiles"], mentioning: "--profiles-dir")
        try expectBadInput(["devices", "--profiles-dir", Self.gguf], mentioning: "--profiles-dir")
    }

    @Test func hugePrecisionBlockIsRefused() throws {
        try expectBadInput(["inspect", "mobilellm-125m", "--precision", "int8-b9223372036854775807"], mentioning: "--precision")
    }

    @Test func profileWithAnAbsurdLevelNameIsRefused() throws {
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("DeviceProfiles/iphone13.json"), encoding: .utf8)
        let profile = directory.appendingPathComponent("long.json")
        try Data(text.replacingOccurrences(of: #""name": "L2","#,
                                           with: "\"name\": \"\(String(repeating: "x", count: 30_000))\",").utf8)
            .write(to: profile)
        try expectBadInput(["simulate", "--device", profile.path, "--prompt", "4", "--tokens", "1"],
                           mentioning: "caches[1].name: is longer than 64 characters")
    }

    @Test func configWithARepeatedKeyIsRefused() throws {
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        try Data(#"{"hidden_size": 64, "num_attention_heads": 4, "intermediate_size": 128, "num_hidden_layers": 30, "vocab_size": 100, "num_hidden_layers": 2}"#.utf8)
            .write(to: config)
        try expectBadInput(["inspect", config.path], mentioning: "num_hidden_layers: duplicate key")
    }

    /// whatif's speed simulation runs prompt 64 + 16 tokens; a model with a shorter context was refused naming
    /// `--tokens`, a flag whatif does not have.
    @Test func whatifNamesTheModelWhoseContextIsTooShort() throws {
        // tiny-llama's context is 64 positions (Tests/Fixtures/safetensors/tiny-llama-bf16/config.json).
        let config = Self.fixtures.appendingPathComponent("safetensors/tiny-llama-bf16/config.json").path
        try expectBadInput(["whatif", "--device", "iphone13", "--models", config, "--context", "16"],
                           mentioning: "--models: tiny-llama-bf16's context 64 is shorter than")
    }

    /// An unknown model was reported as "nosuch: model: ...", as if `nosuch` were a file with a field `model`.
    @Test func unknownModelNamesTheFlag() throws {
        try expectBadInput(["simulate", "--model", "nosuch", "--device", "iphone13"],
                           mentioning: "<command line>: --model: 'nosuch' is neither a preset")
        try expectBadInput(["whatif", "--device", "iphone13", "--models", "mobilellm-125m,nosuch"],
                           mentioning: "<command line>: --models: 'nosuch' is neither a preset")
        try expectBadInput(["inspect", "nosuch"], mentioning: "<command line>: <model>: 'nosuch' is neither a preset")
    }

    /// An unknown device id was reported as "<device>: nosuch: …", naming neither the flag nor the reference.
    @Test func unknownDeviceNamesTheFlag() throws {
        try expectBadInput(["simulate", "--model", "mobilellm-125m", "--device", "nosuch"],
                           mentioning: "<command line>: --device: no profile 'nosuch'")
        try expectBadInput(["compare", "--model", "mobilellm-125m", "--devices", "iphone13,nosuch"],
                           mentioning: "<command line>: --devices: no profile 'nosuch'")
        try expectBadInput(["replay", "--hierarchy", "nosuch", "--trace", Self.gguf],
                           mentioning: "<command line>: --hierarchy: no profile 'nosuch'")
    }

    /// `--tokens -5` was reported by the argument parser as a *missing* value; now the option's own check names
    /// the flag and the value.
    @Test func negativeNumbersReachTheRangeChecks() throws {
        try expectBadInput(["run", "--model", "mobilellm-125m", "--tokens", "-5"], mentioning: "--tokens: must be in 1...")
        try expectBadInput(["run", "--model", "mobilellm-125m", "--threads", "-1"], mentioning: "--threads: must be in 1...256, got -1")
        try expectBadInput(["run", "--model", "mobilellm-125m", "--temperature", "-0.5"],
                           mentioning: "--temperature: must be a finite number ≥ 0, got -0.5")
    }

    /// A profile of the wrong JSON shape said "expected Dictionary<String, Any>" (Swift's words, not the file's).
    @Test func wrongJSONTypesAreNamedInJSONWords() throws {
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let array = directory.appendingPathComponent("array.json")
        try Data("[1]".utf8).write(to: array)
        try expectBadInput(["simulate", "--device", array.path], mentioning: "array.json: <root>: expected an object")
        let repository = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("DeviceProfiles/iphone13.json"), encoding: .utf8)
        let stringVersion = directory.appendingPathComponent("version.json")
        try Data(text.replacingOccurrences(of: #""schemaVersion": 1"#, with: #""schemaVersion": "1""#).utf8)
            .write(to: stringVersion)
        try expectBadInput(["simulate", "--device", stringVersion.path], mentioning: "schemaVersion: expected an integer")
    }
}
