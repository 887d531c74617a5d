import ArgumentParser
import EdgeMemory
import Foundation
import EdgeModel
import EdgeProfiler
import EdgeRuntime

/// `edgeprof run`: generate tokens with the CPU runtime and time its phases (load, init, prefill, decode).
///
/// Load is opening and mapping the weights file (for random weights: generating them); init is weight preparation
/// (conversion, repacking, quantization), buffers and KV cache; mapped pages the runtime reads in place are first
/// touched by the prefill.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Generate tokens on this CPU and report load, init, prefill and per-token decode times and peak memory.")

    @Option(help: ArgumentHelp("A preset name or a path to a Hugging Face config.json (seeded random weights); with "
        + "--weights, the config.json of a safetensors checkpoint when it is not next to the weights."))
    var model: String?

    @Option(help: "Weights: a GGUF file, or a safetensors checkpoint (directory, config.json, .safetensors or index.json).")
    var weights: String?

    @OptionGroup var options: ModelOptions

    @Option(help: "Prompt token ids, comma-separated.")
    var promptTokens: String?

    @Option(help: "Prompt length P for a synthetic prompt (default 16) when --prompt-tokens is not given.")
    var promptLength: Int?

    @Option(help: "Tokens to generate (the first from the prefill, the rest one decode step each).")
    var tokens: Int = 32

    @Option(help: "Threads for matmuls and attention (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seed of the random weights and of sampling.")
    var seed: UInt64 = 0

    @Option(help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(help: "Nucleus (top-p) mass kept when sampling, in (0, 1].")
    var topP: Float = 1

    @Option(help: "Also replay the runtime's own op events (real addresses) on this device profile (id or path).")
    var device: String?

    @Option(help: "Memory model for --device: fast or exact.")
    var mode: SimulationMode = .fast

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var counting: CounterOptions

    @Option(help: "Output format: table, json, or csv (the phase table).")
    var format: OutputFormat = .table

    func run() throws {
        let flags = "<command line>"
        let measurement = try counting.measurement()
        let clock = ContinuousClock()
        measurement?.begin()
        let loadStart = clock.now
        let file = try weights.map { try ModelFiles.open(path: $0, configPath: model) }
        let config: ModelConfig
        if let file {
            config = try options.apply(to: file.config)
        } else {
            guard let model else {
                throw InputError(file: flags, field: "--model", "give --model PRESET|config.json, or --weights FILE")
            }
            config = try options.resolve(model)
        }
        let prompt = try promptIDs(vocab: config.vocab, context: config.context)
        guard tokens >= 1, tokens <= config.context - prompt.count + 1 else {
            throw InputError(file: flags, field: "--tokens", "must be in 1...\(config.context - prompt.count + 1) "
                             + "(context \(config.context) minus the prompt), got \(tokens)")
        }
        guard threads >= 1 && threads <= 256 else {
            throw InputError(file: flags, field: "--threads", "must be in 1...256, got \(threads)")
        }
        guard temperature >= 0 && temperature.isFinite else {
            throw InputError(file: flags, field: "--temperature", "must be a finite number ≥ 0, got \(temperature)")
        }
        guard topP > 0 && topP <= 1 else { throw InputError(file: flags, field: "--top-p", "must be in (0, 1], got \(topP)") }
        let positions = prompt.count + tokens - 1
        try HostRunner.checkMemory(config, positions: positions)
        let source: WeightSource = try file.map { try ReconfiguredWeights($0, config: config) }
            ?? RandomWeights(config: config, seed: seed)
        let runtimePrecision = file != nil && options.precision == nil ? nil : config.precision
        let loadSeconds = (clock.now - loadStart).seconds
        measurement?.end(.load)

        measurement?.begin()
        let initStart = clock.now
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(
            threads: threads, precision: runtimePrecision, maxPositions: positions))
        let initSeconds = (clock.now - initStart).seconds
        measurement?.end(.initialize)
        if let measurement { measurement.attach(to: runtime) }

        let sampler = Sampler(vocab: config.vocab, temperature: temperature, topP: topP, seed: seed)
        let generation = try runtime.generate(prompt: prompt, count: tokens, sampler: sampler, steps: measurement)
        runtime.opTimer = nil
        let peakResidentBytes = ResourceUsage.peakResidentBytes()
        let replay = try device.map { try replayOnDevice($0, runtime: runtime, prompt: prompt, generated: generation.tokens) }
        let report = RunReport(
            schemaVersion: schemaVersion, model: config.name, origin: source.origin,
            precision: runtime.config.precision.name, storage: runtime.storage.rawValue,
            kvPrecision: runtime.config.kvPrecision.name, sharing: config.sharing.rawValue, repeats: config.repeats,
            executedLayers: config.executedLayers, threads: threads, kernels: runtime.kernelPath.rawValue, seed: seed,
            temperature: temperature, topP: topP,
            prompt: prompt, generated: generation.tokens, weightBytes: runtime.weightBytes,
            loadSeconds: loadSeconds, initSeconds: initSeconds,
            prefill: PrefillTiming(tokens: prompt.count, seconds: generation.prefillSeconds),
            decode: DecodeTiming(generation.decodeSeconds),
            peakResidentBytes: peakResidentBytes, device: replay, measured: measurement.map(RunMeasured.init))
        switch format {
        case .json: try printJSON(report)
        case .table, .csv: print(report.table(csv: format == .csv))
        }
    }

    /// Runs the prompt and the generated tokens again (untimed) with a `DeviceSession` observing the runtime, so
    /// the device model sees the real event stream at the runtime's own addresses.
    private func replayOnDevice(_ reference: String, runtime: ModelRuntime, prompt: [Int32],
                                generated: [Int32]) throws -> DeviceReplay {
        let profile = try profiles.locator.load(reference)
        let session = try DeviceSession(profile: profile, precision: runtime.config.precision, mode: mode)
        runtime.reset()
        runtime.observer = session
        defer { runtime.observer = nil }
        _ = try runtime.prefill(prompt)
        let prefill = session.finishPhase(steps: 1, tokens: prompt.count)
        for token in generated.dropLast() { _ = try runtime.decode(token) }
        let steps = generated.count - 1
        let decode = session.finishPhase(steps: steps, tokens: steps)
        return DeviceReplay(device: profile.id, mode: mode, prefill: prefill, decode: decode,
                            decodeSecondsPerToken: steps > 0 ? decode.seconds / Double(steps) : nil,
                            dramBytesPerDecodeToken: steps > 0 ? Double(decode.dramBytes) / Double(steps) : nil,
                            joulesPerDecodeToken: steps > 0 ? decode.energy.total / Double(steps) : nil)
    }

    private func promptIDs(vocab: Int, context: Int) throws -> [Int32] {
        let flags = "<command line>"
        if let list = promptTokens {
            if promptLength != nil {
                throw InputError(file: flags, field: "--prompt-length", "give either --prompt-tokens or --prompt-length")
            }
            return try TokenList.parse(list, flag: "--prompt-tokens", vocab: vocab, context: context)
        }
        let length = promptLength ?? min(16, context)
        guard length >= 1, length <= context else {
            throw InputError(file: flags, field: "--prompt-length", "must be in 1...\(context), got \(length)")
        }
        return ScheduleTracer.syntheticTokens(count: length, start: 0, vocab: vocab)
    }
}
