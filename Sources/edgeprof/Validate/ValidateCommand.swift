import ArgumentParser
import EdgeCounters
import EdgeMemory
import EdgeModel
import EdgeRuntime
import Foundation

/// `edgeprof validate`: the model checked against reality on this host — a real run with per-op timing beside the
/// prediction of the same configuration on the host's profile, per phase and per op kind.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Run a model on this CPU with per-op timing and compare with the prediction on the host profile.")

    @Option(help: "A preset name or a path to a Hugging Face config.json (seeded random weights unless --weights).")
    var model: String?

    @Option(help: "Weights: a GGUF file or a safetensors checkpoint.")
    var weights: String?

    @OptionGroup var options: ModelOptions

    @Option(help: "Threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Prompt length of the prefill.")
    var promptLength: Int = 64

    @Option(help: "Decode steps (tokens after the prefill).")
    var tokens: Int = 16

    @Option(help: "Measured runs after one warm-up (per phase and decode step the fastest undisturbed one counts).")
    var runs: Int = 5

    @Option(help: "Host profile (id or path, e.g. from `edgeprof host --output`); default: calibrate now.")
    var device: String?

    @Option(help: "Memory model: fast or exact.")
    var mode: SimulationMode = .fast

    @Flag(help: "Also compare D1/LL misses per decode token with valgrind's cachegrind (runs the model twice under valgrind, 1 thread).")
    var cachegrind = false

    @Option(help: ArgumentHelp("Also measure the decode-time ratio against this sharing strategy (e.g. none): runs of the "
                               + "two configurations alternate --runs times in this process; prints the median ratio "
                               + "beside the predicted one.", valueName: "strategy"))
    var against: String?

    @OptionGroup var profiles: ProfileOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let flags = "<command line>"
        guard threads >= 1 && threads <= 256 else { throw InputError(file: flags, field: "--threads", "must be in 1...256, got \(threads)") }
        guard (1...100).contains(runs) else { throw InputError(file: flags, field: "--runs", "must be in 1...100, got \(runs)") }
        if let against, SharingStrategy(rawValue: against) == nil {
            throw InputError(file: flags, field: "--against",
                             "unknown strategy '\(against)' (none, immediate, repeat-all-over, reverse)")
        }
        let file = try weights.map { try ModelFiles.open(path: $0, configPath: model) }
        let config: ModelConfig
        if let file {
            config = try options.apply(to: file.config)
        } else {
            guard let model else { throw InputError(file: flags, field: "--model", "give --model PRESET|config.json, or --weights FILE") }
            config = try options.resolve(model)
        }
        guard promptLength >= 1, tokens >= 1, promptLength + tokens <= config.context else {
            throw InputError(file: flags, field: "--prompt-length", "prompt \(promptLength) + tokens \(tokens) must be ≥ 1 each "
                             + "and fit the context \(config.context)")
        }
        let (profile, deviceName) = try hostProfile()
        let prompt = ScheduleTracer.syntheticTokens(count: promptLength, start: 0, vocab: config.vocab)
        func makeValidation(_ config: ModelConfig) throws -> Validation {
            let source: WeightSource = try file.map { try ReconfiguredWeights($0, config: config) }
                ?? RandomWeights(config: config, seed: 0)
            let runtime = try ModelRuntime(source: source, options: RuntimeOptions(
                threads: threads, precision: file != nil && options.precision == nil ? nil : config.precision,
                maxPositions: promptLength + tokens))
            return Validation(runtime: runtime, profile: profile, mode: mode, prompt: prompt, decodeSteps: tokens)
        }
        let validation = try makeValidation(config)
        var report = try validation.run(runs: runs, device: deviceName)
        if let against {
            var baseline = options
            baseline.strategy = against
            baseline.repeats = nil
            let baselineConfig = try file.map { try baseline.apply(to: $0.config) } ?? baseline.resolve(model!)
            report.decodeRatio = try validation.decodeRatio(against: makeValidation(baselineConfig), rounds: runs)
        }
        if cachegrind {
            let check = try CachegrindCheck(hostProfile: profile)
            let predicted = try check.predict(validation)
            let measured = try check.measure(executable: CommandLine.arguments[0], arguments: runArguments, decodeSteps: tokens)
            report.cachegrindMisses = [MissComparison(name: "D1 misses", predicted: predicted.d1, measured: measured.d1),
                                       MissComparison(name: "LL misses", predicted: predicted.ll, measured: measured.ll)]
            report.cacheMisses = "per decode token: exact-mode replay vs valgrind --tool=cachegrind "
                + check.valgrindOptions.dropFirst(2).joined(separator: " ") + " (1 thread, AVX2 kernels)"
        }
        switch format {
        case .json: try printJSON(ValidateDocument(schemaVersion: schemaVersion, validation: report))
        case .table, .csv: print(report.table(csv: format == .csv))
        }
    }

    /// `edgeprof run` with this model and `count` tokens, 1 thread, no counters: the run cachegrind measures.
    private func runArguments(tokens count: Int) -> [String] {
        var arguments = ["run", "--prompt-length", String(promptLength), "--tokens", String(count), "--threads", "1",
                         "--counters", "none", "--format", "json"]
        for (flag, value) in [("--model", model), ("--weights", weights), ("--strategy", options.strategy),
                              ("--repeats", options.repeats.map(String.init)), ("--precision", options.precision),
                              ("--kv-precision", options.kvPrecision)] {
            if let value { arguments += [flag, value] }
        }
        return arguments
    }

    /// The profile named by --device, or a calibration of this host with these threads.
    private func hostProfile() throws -> (DeviceProfile, String) {
        if let device { return (try profiles.locator.load(device), device) }
        let calibration = try HostMeasurement.measure(threads: threads, maxMiB: 1024, quick: false)
        return (try calibration.profile(), "host (calibrated now, \(threads) thread\(threads == 1 ? "" : "s"))")
    }
}

/// The `validate` JSON document; measured seconds are host timings.
struct ValidateDocument: Encodable {
    var schemaVersion: Int
    var validation: ValidationReport
}
