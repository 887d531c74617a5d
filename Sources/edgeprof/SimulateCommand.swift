import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeProfiler
import Foundation

/// `edgeprof simulate`: a model's op stream replayed on a device's memory hierarchy and cost model.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Estimate latency, DRAM traffic, J/token and memory of a model on a phone-class device.",
        discussion: """
            Without --strategy, compares no sharing with immediate, repeat-all-over and reverse sharing \
            (×2, or --repeats) side by side.
            """)

    @Option(help: "A preset name or a path to a Hugging Face config.json.")
    var model = "mobilellm-125m"

    @Option(help: "A device profile id (see `edgeprof devices`) or a path to a profile JSON file.")
    var device = "iphone13"

    @OptionGroup var options: ModelOptions

    @Option(help: "Prompt tokens (prefill).")
    var prompt = 64

    @Option(help: "Decode tokens.")
    var tokens = 16

    @Option(help: "Memory model: fast (reuse distance) or exact (line-level set-associative simulation).")
    var mode: SimulationMode = .fast

    @Option(help: "Replacement policy in exact mode: lru, plru or random.")
    var policy: ReplacementPolicy = .lru

    @Option(help: "Seed of the random replacement policy.")
    var seed: UInt64 = 0

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var report: ReportOptions

    struct Document: Encodable {
        var schemaVersion: Int
        var reports: [SimulationReport]
    }

    func run() throws {
        let profile = try profiles.locator.load(device)
        let configs: [ModelConfig]
        if options.strategy == nil {
            let base = try loadModel(model)
            let k = options.repeats ?? (base.sharing == .none ? 2 : base.repeats)
            configs = try SharingStrategy.allCases.map { strategy in
                var each = options
                each.strategy = strategy.rawValue
                each.repeats = strategy == .none ? 1 : k
                return try each.apply(to: base)
            }
        } else {
            configs = [try options.resolve(model)]
        }
        let reports = try configs.map {
            try Simulation(config: $0, profile: profile, mode: mode, policy: policy, seed: seed)
                .run(prompt: prompt, tokens: tokens)
        }
        try report.emit(json: Document(schemaVersion: schemaVersion, reports: reports)) {
            SimulationDocument.make(reports, profile: profile)
        }
    }
}

extension SimulationMode: ExpressibleByArgument {}
extension ReplacementPolicy: ExpressibleByArgument {}
