import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeProfiler
import EdgeReports
import EdgeRuntime
import Foundation

/// `edgeprof profile`: the runtime run for real on this host and the same model estimated on a device, per sharing
/// strategy, in one report.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile a model: host-measured phases and device-estimated latency, traffic, energy and memory.",
        discussion: """
            Default strategies: none, immediate, repeat-all-over and reverse ×2 for an unshared model; the model's \
            own schedule and none for a layer-shared one. --strategy all runs all four.
            """)

    @Option(help: "A preset name or a path to a Hugging Face config.json (with --weights: the checkpoint's config.json).")
    var model: String?

    @Option(help: "Weights: a GGUF file or a safetensors checkpoint (default: seeded random weights).")
    var weights: String?

    @Option(help: "A device profile id, a path to a profile JSON file, or all.")
    var device = "iphone13"

    @OptionGroup var options: ModelOptions

    @Option(help: "Prompt tokens (prefill).")
    var prompt = 64

    @Option(help: "Tokens to generate (the first from the prefill, the rest one decode step each; at least 2).")
    var tokens = 16

    @Option(help: "Threads of the host run (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seed of the random weights.")
    var seed: UInt64 = 0

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var report: ReportOptions

    func run() throws {
        let flags = "<command line>"
        _ = try report.resolvedFormat()
        guard (1...256).contains(threads) else {
            throw InputError(file: flags, field: "--threads", "must be in 1...256, got \(threads)")
        }
        let devices = device == "all" ? try profiles.locator.loadAll() : [try profiles.locator.load(device)]
        let loaded = try weights.map { try ModelFiles.open(path: $0, configPath: model).config }
            ?? loadModel(model ?? "mobilellm-125m")
        let configs = try strategies(of: loaded)
        let progress = ProgressLine()
        let result = try Profiler(
            configs: configs, devices: devices,
            host: HostRunner(weightsPath: weights, configPath: model, keepsFilePrecision: options.precision == nil,
                             threads: threads, seed: seed),
            prompt: prompt, tokens: tokens
        ).run(progress: progress.show)
        progress.clear()
        try report.emit(json: result) { ProfileDocument.make(result) }
    }

    /// The configurations to profile: the defaults, all four strategies, or the one named, each validated.
    private func strategies(of base: ModelConfig) throws -> [ModelConfig] {
        var fixedOptions = options
        fixedOptions.strategy = nil
        fixedOptions.repeats = nil
        let model = try fixedOptions.apply(to: base)
        let chosen: [ModelConfig]
        switch options.strategy {
        case nil: chosen = Profiler.defaultConfigs(for: model, repeats: options.repeats)
        case "all":
            let k = options.repeats ?? (model.sharing == .none ? 2 : model.repeats)
            chosen = SharingStrategy.allCases.map { model.with(sharing: $0, repeats: $0 == .none ? 1 : k) }
        default: chosen = [try options.apply(to: base)]
        }
        return try chosen.map { config in
            var each = fixedOptions
            each.strategy = config.sharing.rawValue
            each.repeats = config.repeats
            return try each.apply(to: model)
        }
    }
}
