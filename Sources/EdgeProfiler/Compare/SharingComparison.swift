import EdgeMemory
import EdgeModel

/// Sharing strategies × repeat counts × devices for one base model, each variant simulated (fast mode) and set
/// against the unshared base model on the same device; for every repeat count k, the unshared model with k times
/// the blocks is a row too, so the cost of real depth is beside the cost of shared depth.
public struct SharingComparison: Sendable {
    /// The base model with no sharing.
    public var base: ModelConfig
    public var profiles: [DeviceProfile]
    /// Repeat counts ≥ 2 to compare.
    public var repeats: [Int]
    public var prompt = 64
    public var tokens = 16
    /// The rows of this shard only (row k, counted over devices × variants), when set.
    public var shard: Shard?

    /// - Throws: `InputError` naming `--repeats` for a count outside 2...4 (or the deeper model's limits).
    public init(model: ModelConfig, profiles: [DeviceProfile], repeats: [Int]) throws {
        base = model.with(sharing: SharingStrategy.none)
        guard !repeats.isEmpty, repeats.allSatisfy({ (2...4).contains($0) }) else {
            throw InputError(file: "<command line>", field: "--repeats", "repeat counts must be in 2...4, got \(repeats)")
        }
        self.profiles = profiles
        self.repeats = Array(Set(repeats)).sorted()
    }

    /// The variants compared, in row order per device: the base, then per k the three orders and the deep model.
    public var variants: [(label: String, config: ModelConfig)] {
        var list = [("none ×1", base)]
        for k in repeats {
            for strategy in [SharingStrategy.immediate, .repeatAllOver, .reverse] {
                list.append(("\(strategy.rawValue) ×\(k)", base.with(sharing: strategy, repeats: k)))
            }
            var deep = base
            deep.blocks = base.blocks * k
            list.append(("none, \(deep.blocks) layers", deep))
        }
        return list
    }

    /// Runs every row; `progress` is told each row before it is simulated (for a terminal progress line).
    public func run(progress: (String) -> Void = { _ in }) throws -> CompareReport {
        let variants = self.variants
        for (_, config) in variants { try config.validate(source: "--repeats") }
        var rows: [CompareRow] = []
        for (d, profile) in profiles.enumerated() {
            let reference = try simulate(base, profile)
            for (v, variant) in variants.enumerated() {
                let index = d * variants.count + v
                if let shard, !shard.contains(index) { continue }
                progress("\(profile.id): \(variant.label)")
                let report = v == 0 ? reference : try simulate(variant.config, profile)
                rows.append(row(variant.label, variant.config, report, reference, profile))
            }
        }
        return CompareReport(model: base.name, precision: base.precision.name, prompt: prompt, tokens: tokens,
                             mode: .fast, devices: profiles.map(\.id), repeats: repeats,
                             shard: shard?.text, rows: rows)
    }

    private func simulate(_ config: ModelConfig, _ profile: DeviceProfile) throws -> SimulationReport {
        try Simulation(config: config, profile: profile).run(prompt: prompt, tokens: tokens)
    }

    private func row(_ label: String, _ config: ModelConfig, _ r: SimulationReport, _ base: SimulationReport,
                     _ profile: DeviceProfile) -> CompareRow {
        // A level's hit rate: the bytes it served over the bytes that reached it (its own and every level below).
        let levels = profile.caches.map(\.name) + ["DRAM"]
        var hitRates: [String: Double] = [:]
        for (i, level) in levels.dropLast().enumerated() {
            let reaching = levels[i...].reduce(0.0) { $0 + (r.bytesPerDecodeToken[$1] ?? 0) }
            hitRates[level] = reaching > 0 ? (r.bytesPerDecodeToken[level] ?? 0) / reaching : 0
        }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        let parameters = config.parameters
        return CompareRow(
            device: profile.id, variant: label, sharing: config.sharing, repeats: config.repeats, blocks: config.blocks,
            executedLayers: config.executedLayers, parameters: parameters,
            dramBytesPerDecodeToken: r.dramBytesPerDecodeToken, bytesPerDecodeToken: r.bytesPerDecodeToken,
            levels: Array(levels.dropLast()), hitRates: hitRates, loadSeconds: r.loadSeconds, initSeconds: r.initSeconds,
            decodeSecondsPerToken: r.decodeSecondsPerToken, joulesPerDecodeToken: r.joulesPerDecodeToken,
            kvCacheBytes: r.memory.kvCacheBytes, computedAs: r.computedAs,
            relative: CompareRatios(
                parameters: ratio(Double(parameters), Double(self.base.parameters)),
                executedLayers: ratio(Double(config.executedLayers), Double(self.base.executedLayers)),
                dramBytesPerDecodeToken: ratio(r.dramBytesPerDecodeToken, base.dramBytesPerDecodeToken),
                loadSeconds: ratio(r.loadSeconds, base.loadSeconds), initSeconds: ratio(r.initSeconds, base.initSeconds),
                decodeSecondsPerToken: ratio(r.decodeSecondsPerToken, base.decodeSecondsPerToken),
                joulesPerDecodeToken: ratio(r.joulesPerDecodeToken, base.joulesPerDecodeToken),
                kvCacheBytes: ratio(Double(r.memory.kvCacheBytes), Double(base.memory.kvCacheBytes))),
            quotedAccuracy: PaperAccuracy.quoted(base: self.base, sharing: config.sharing, repeats: config.repeats))
    }
}
