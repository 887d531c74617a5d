import EdgeMemory
import EdgeModel
import EdgeRuntime
import Foundation

/// Runs a model on this CPU with EdgeProf's runtime and times its phases: load (open and map the weights file, or
/// generate random weights), init (weight preparation, buffers, KV cache), prefill and each decode step.
public struct HostRunner: Sendable {
    /// Weights file (GGUF or safetensors); nil for seeded random weights.
    public var weightsPath: String?
    /// Config.json for a safetensors checkpoint kept apart from its weights.
    public var configPath: String?
    /// Compute in the file's own weight type rather than the config's precision (a file and no `--precision`).
    public var keepsFilePrecision: Bool
    public var threads: Int
    public var seed: UInt64

    public init(weightsPath: String?, configPath: String?, keepsFilePrecision: Bool, threads: Int, seed: UInt64) {
        self.weightsPath = weightsPath
        self.configPath = configPath
        self.keepsFilePrecision = keepsFilePrecision && weightsPath != nil
        self.threads = threads
        self.seed = seed
    }

    /// Where the weights come from, as reports print it.
    public var origin: String { weightsPath ?? "random (seed \(seed))" }

    /// Times one generation of `tokens` tokens after `prompt` for `config` (the file's weights reconfigured to it,
    /// or random ones); with `replay`, runs the same tokens again (untimed) with that device session observing.
    public func run(_ config: ModelConfig, prompt: [Int32], tokens: Int, replay: DeviceProfile?) throws -> HostRun {
        try Self.checkMemory(config, positions: prompt.count + tokens - 1)
        ResourceUsage.resetPeak()
        let clock = ContinuousClock()
        let loadStart = clock.now
        let source: WeightSource = try weightsPath.map {
            try ReconfiguredWeights(ModelFiles.open(path: $0, configPath: configPath), config: config)
        } ?? RandomWeights(config: config, seed: seed)
        let loadSeconds = (clock.now - loadStart).seconds
        let initStart = clock.now
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(
            threads: threads, precision: keepsFilePrecision ? nil : config.precision, maxPositions: prompt.count + tokens - 1))
        let initSeconds = (clock.now - initStart).seconds
        let sampler = Sampler(vocab: config.vocab, temperature: 0, topP: 1, seed: seed)
        let generation = try runtime.generate(prompt: prompt, count: tokens, sampler: sampler)
        let peak = ResourceUsage.peakResidentBytes()
        let replayed = try replay.flatMap {
            try Self.replay(on: $0, runtime: runtime, prompt: prompt, generated: generation.tokens)
        }
        return HostRun(
            sharing: config.sharing.rawValue, repeats: config.repeats, loadSeconds: loadSeconds, initSeconds: initSeconds,
            prefill: PrefillTiming(tokens: prompt.count, seconds: generation.prefillSeconds),
            decode: DecodeTiming(generation.decodeSeconds), peakResidentBytes: peak,
            runtimeReplay: replayed, hostCounters: nil)
    }

    /// The prompt and the generated tokens run again (untimed) with a fast-mode device session observing the
    /// runtime's own events at its real addresses.
    static func replay(on profile: DeviceProfile, runtime: ModelRuntime, prompt: [Int32], generated: [Int32]) throws
        -> RuntimeReplay?
    {
        let steps = generated.count - 1
        guard steps > 0 else { return nil }
        let session = try DeviceSession(profile: profile, precision: runtime.config.precision, mode: .fast)
        runtime.reset()
        runtime.observer = session
        defer { runtime.observer = nil }
        _ = try runtime.prefill(prompt)
        _ = session.finishPhase(steps: 1, tokens: prompt.count)
        for token in generated.dropLast() { _ = try runtime.decode(token) }
        let decode = session.finishPhase(steps: steps, tokens: steps)
        return RuntimeReplay(device: profile.id, decodeSecondsPerToken: decode.seconds / Double(steps),
                             dramBytesPerDecodeToken: Double(decode.dramBytes) / Double(steps))
    }

    /// Refuses runs whose weights (twice, for a prepared copy) and KV cache cannot fit this machine's memory.
    public static func checkMemory(_ config: ModelConfig, positions: Int) throws {
        let needed = Double(config.weightBytes) * 2 + Double(config.kvBytes(tokens: positions))
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        guard needed <= available else {
            throw EnvironmentError("\(config.name) needs about \(Int(needed / 1e6)) MB for weights and KV cache; "
                                   + "this machine has \(Int(available / 1e6)) MB")
        }
    }
}
