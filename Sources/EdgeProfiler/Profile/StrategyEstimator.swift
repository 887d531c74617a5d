import EdgeMemory
import EdgeModel

/// Turns a simulation with per-site costs into a `StrategyEstimate`: per decode token figures, breakdowns per op
/// kind and per executed layer, the top op sites and the last decode step.
struct StrategyEstimator {
    let profile: DeviceProfile
    /// Cache level names, nearest first.
    var levels: [String] { profile.caches.map(\.name) }

    func estimate(config: ModelConfig, prompt: Int, tokens: Int) throws -> StrategyEstimate {
        let run = try Simulation(config: config, profile: profile, mode: .fast).runWithSites(prompt: prompt, tokens: tokens)
        let r = run.report
        let n = Double(tokens)
        let decodeSeconds = r.decode.seconds
        let perOpKind = r.decode.perOp.map { op in
            OpKindBreakdown(
                kind: op.kind.rawValue, opsPerToken: Double(op.count) / n, flopsPerToken: Double(op.flops) / n,
                secondsPerToken: op.seconds / n, shareOfTime: decodeSeconds > 0 ? op.seconds / decodeSeconds : 0,
                bytesPerToken: op.bytes.mapValues { Double($0) / n }, hitRates: hitRates(op.bytes),
                intensity: dramBytes(op.bytes) > 0 ? Double(op.flops) / Double(dramBytes(op.bytes)) : nil,
                attainedOpsPerSecond: op.seconds > 0 ? Double(op.flops) / op.seconds : 0,
                bound: op.computeBound ? "compute" : "memory", boundBy: boundBy(op))
        }
        let topOps = run.decodeSites.sorted { $0.cost.seconds > $1.cost.seconds }.prefix(10).map { site in
            OpSiteEntry(site: Self.siteName(site), block: site.block, kind: site.cost.kind.rawValue,
                        secondsPerToken: site.cost.seconds / n, dramBytesPerToken: Double(dramBytes(site.cost.bytes)) / n,
                        bound: site.cost.computeBound ? "compute" : "memory")
        }
        return StrategyEstimate(
            sharing: config.sharing.rawValue, repeats: config.repeats, blocks: config.blocks,
            executedLayers: config.executedLayers, loadSeconds: r.loadSeconds, initSeconds: r.initSeconds,
            timeToFirstTokenSeconds: r.prefill.seconds, decodeSecondsPerToken: r.decodeSecondsPerToken,
            decodeTokensPerSecond: r.decodeTokensPerSecond, joulesPerDecodeToken: r.joulesPerDecodeToken,
            energyPerDecodeToken: r.energyPerDecodeToken, dramBytesPerDecodeToken: r.dramBytesPerDecodeToken,
            bytesPerDecodeToken: r.bytesPerDecodeToken, memory: r.memory, perOpKind: perOpKind,
            perLayer: layers(run.decodeSites, per: n), topOps: Array(topOps), decodeStep: layers(run.lastStepSites, per: 1))
    }

    /// Sites summed per layer (all op kinds), in execution order, divided by `per` (tokens).
    func layers(_ sites: [SiteCost], per n: Double) -> [LayerBreakdown] {
        var order: [String] = []
        var grouped: [String: (layer: Int?, block: Int?, seconds: Double, bytes: [String: Int])] = [:]
        for site in sites {
            let name = Self.siteName(site)
            if grouped[name] == nil {
                order.append(name)
                grouped[name] = (site.layer, site.block, 0, [:])
            }
            grouped[name]!.seconds += site.cost.seconds
            grouped[name]!.bytes.merge(site.cost.bytes, uniquingKeysWith: +)
        }
        return order.map { name in
            let g = grouped[name]!
            return LayerBreakdown(site: name, layer: g.layer, block: g.block, seconds: g.seconds / n,
                                  bytes: g.bytes.mapValues { Double($0) / n }, hitRates: hitRates(g.bytes))
        }
    }

    /// `embed`, `layer N` or `head`.
    static func siteName(_ site: SiteCost) -> String {
        if let layer = site.layer { return "layer \(layer)" }
        return site.cost.kind == .embed ? "embed" : "head"
    }

    /// Per cache level: bytes it served ÷ bytes that reached it (it and every level below, DRAM reads included).
    func hitRates(_ bytes: [String: Int]) -> [String: Double] {
        let served = levels.map { bytes[$0] ?? 0 } + [bytes["DRAM"] ?? 0]
        var rates: [String: Double] = [:]
        var reaching = served.reduce(0, +)
        for (i, level) in levels.enumerated() {
            rates[level] = reaching > 0 ? Double(served[i]) / Double(reaching) : 0
            reaching -= served[i]
        }
        return rates
    }

    func dramBytes(_ bytes: [String: Int]) -> Int { (bytes["DRAM"] ?? 0) + (bytes["DRAM writeback"] ?? 0) }

    func boundBy(_ op: OpCost) -> Double? {
        let low = min(op.computeSeconds, op.memorySeconds), high = max(op.computeSeconds, op.memorySeconds)
        return low > 0 ? high / low : nil
    }
}
