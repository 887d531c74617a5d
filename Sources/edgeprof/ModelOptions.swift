import ArgumentParser
import EdgeModel
import Foundation

/// `--strategy`, `--repeats`, `--precision`, `--kv-precision`: overrides every model-taking command accepts.
struct ModelOptions: ParsableArguments {
    @Option(help: "Layer sharing: none, immediate, repeat-all-over or reverse.")
    var strategy: String?

    @Option(help: "How many times each block runs (k ≥ 1); default 2 when sharing.")
    var repeats: Int?

    @Option(help: "Weight precision: f32, f16, bf16, int8, int8-pc, int4, int4-gN.")
    var precision: String?

    @Option(name: .customLong("kv-precision"), help: "KV-cache precision: f32 or f16.")
    var kvPrecision: String?

    /// The model named by `spec` (a preset or a config.json path) with these overrides applied and validated.
    func resolve(_ spec: String, flag: String = "--model") throws -> ModelConfig {
        try apply(to: loadModel(spec, flag: flag))
    }

    /// `config` (from a preset, config.json or weights file) with these overrides applied and validated.
    func apply(to config: ModelConfig) throws -> ModelConfig {
        var config = config
        let flags = "<command line>"
        var strategy = config.sharing
        if let name = self.strategy {
            guard let parsed = SharingStrategy(rawValue: name) else {
                throw InputError(file: flags, field: "--strategy",
                                 "unknown strategy '\(name)' (none, immediate, repeat-all-over, reverse)")
            }
            strategy = parsed
        }
        if let repeats, !(1...ModelConfig.limits.repeats).contains(repeats) || (strategy == .none && repeats != 1) {
            throw InputError(file: flags, field: "--repeats", strategy == .none && repeats >= 1
                             ? "needs a sharing --strategy; 'none' runs each block once"
                             : "must be in 1...\(ModelConfig.limits.repeats), got \(repeats)")
        }
        let defaultRepeats = strategy == .none ? 1 : (config.sharing == .none ? 2 : config.repeats)
        config.sharing = strategy
        config.repeats = repeats ?? defaultRepeats
        if let name = precision {
            guard let parsed = Precision(name: name) else {
                throw InputError(file: flags, field: "--precision", "unknown precision '\(name)'")
            }
            config.precision = parsed
        }
        if let name = kvPrecision {
            guard let parsed = Precision(name: name), parsed == .f32 || parsed == .f16 else {
                throw InputError(file: flags, field: "--kv-precision", "must be f32 or f16, got '\(name)'")
            }
            config.kvPrecision = parsed
        }
        try config.validate(source: flags)
        return config
    }
}

/// A preset by name, or a Hugging Face config.json (a file, or a directory holding one).
func loadModel(_ spec: String, flag: String = "--model") throws -> ModelConfig {
    if let preset = Presets.named(spec) { return preset }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory) else {
        let names = Presets.all.map(\.name).joined(separator: ", ")
        throw InputError(file: "<command line>", field: flag,
                         "'\(spec)' is neither a preset (\(names)) nor an existing config.json")
    }
    return try HFConfig.load(path: isDirectory.boolValue ? spec + "/config.json" : spec)
}
