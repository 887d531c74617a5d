import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeReports
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

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

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
        switch format {
        case .json: try printJSON(Document(schemaVersion: schemaVersion, reports: reports))
        case .csv: print(comparison(reports, profile).csv())
        case .table:
            if reports.count == 1 {
                print(detail(reports[0], profile))
            } else {
                print(header(reports[0], profile))
                print(comparison(reports, profile).render())
            }
        }
    }

    private func header(_ r: SimulationReport, _ p: DeviceProfile) -> String {
        let converted = r.computedAs.map {
            "\n\(r.computeUnit) lists no \(r.precision) peak: weights converted to \($0) on the fly, computed at its rate"
        } ?? ""
        return "\(r.model) (\(r.precision)) on \(p.name) [\(p.soc), \(r.computeUnit)], \(r.mode.rawValue) mode, "
            + "prefill \(r.prompt) tokens, \(r.tokens) decode tokens" + converted
    }

    private func comparison(_ reports: [SimulationReport], _ p: DeviceProfile) -> TextTable {
        let levels = p.caches.map(\.name)
        var table = TextTable(["strategy", "layers", "decode ms/tok", "tok/s", "DRAM MB/tok"]
                              + levels.map { "\($0) MB/tok" } + ["mJ/tok", "prefill ms", "load s", "init s", "peak MB", "fits"])
        for r in reports {
            table.add(["\(r.sharing.rawValue)×\(r.repeats)", "\(r.executedLayers)", fixed(r.decodeSecondsPerToken * 1e3, 2),
                       fixed(r.decodeTokensPerSecond, 1), megabytes(Int(r.dramBytesPerDecodeToken))]
                      + levels.map { megabytes(Int(r.bytesPerDecodeToken[$0] ?? 0)) }
                      + [fixed(r.joulesPerDecodeToken * 1e3, 2), fixed(r.prefill.seconds * 1e3, 1), fixed(r.loadSeconds, 3),
                         fixed(r.initSeconds, 3), megabytes(r.memory.peakBytes), r.memory.fitsBudget ? "yes" : "no"])
        }
        return table
    }

    private func detail(_ r: SimulationReport, _ p: DeviceProfile) -> String {
        let e = r.energyPerDecodeToken
        var lines = [
            header(r, p),
            "\(r.sharing.rawValue) ×\(r.repeats): \(r.blocks) blocks, \(r.executedLayers) executed layers",
            "load \(fixed(r.loadSeconds, 3)) s, init \(fixed(r.initSeconds, 3)) s, prefill \(fixed(r.prefill.seconds * 1e3, 2)) ms "
                + "(\(fixed(r.prefillTokensPerSecond, 1)) tok/s)",
            "decode \(fixed(r.decodeSecondsPerToken * 1e3, 3)) ms/token (\(fixed(r.decodeTokensPerSecond, 1)) tok/s), "
                + "DRAM \(megabytes(Int(r.dramBytesPerDecodeToken))) MB/token",
            "energy \(fixed(r.joulesPerDecodeToken * 1e3, 3)) mJ/token = DRAM \(fixed(e.dram * 1e3, 3)) + caches "
                + "\(fixed(e.caches * 1e3, 3)) + compute \(fixed(e.compute * 1e3, 3)) + static \(fixed(e.staticPower * 1e3, 3))",
            "memory: weights \(megabytes(r.memory.weightBytes)) MB + KV \(megabytes(r.memory.kvCacheBytes)) MB + activations "
                + "\(megabytes(r.memory.activationBytes)) MB = \(megabytes(r.memory.peakBytes)) MB of a "
                + "\(megabytes(r.memory.budgetBytes)) MB budget (\(r.memory.fitsBudget ? "fits" : "does not fit"))",
            "",
            "decode, per token:",
        ]
        let levels = p.caches.map(\.name) + ["DRAM"]
        var table = TextTable(["op", "count", "MFLOP"] + levels.map { "\($0) MB" } + ["ms", "bound"])
        let n = Double(r.decode.steps)
        for op in r.decode.perOp {
            table.add([op.kind.rawValue, "\(op.count / r.decode.steps)", fixed(Double(op.flops) / n / 1e6, 2)]
                      + levels.map { fixed(Double(op.bytes[$0] ?? 0) / n / 1e6, 2) }
                      + [fixed(op.seconds / n * 1e3, 3), op.computeBound ? "compute" : "memory"])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}

extension SimulationMode: ExpressibleByArgument {}
extension ReplacementPolicy: ExpressibleByArgument {}
