import EdgeMemory
import EdgeReports

/// The `simulate` report as a document: one strategy in detail (phases, energy split, memory, per-op table), or
/// several side by side with charts of bytes per level, decode latency and memory against the budget.
public enum SimulationDocument {
    public static func make(_ reports: [SimulationReport], profile: DeviceProfile) -> ReportDocument {
        guard let r = reports.first else { return ReportDocument(title: "simulate: no report") }
        var metadata = [
            ReportField("device", "\(profile.name) [\(profile.soc), \(r.computeUnit)]"),
            ReportField("run", "\(r.mode.rawValue) mode, prefill \(r.prompt) tokens, \(r.tokens) decode tokens"),
        ]
        if let wider = r.computedAs {
            metadata.append(ReportField("precision", "\(r.computeUnit) lists no \(r.precision) peak: weights converted to "
                                        + "\(wider) on the fly, computed at its rate"))
        }
        let title = "\(r.model) (\(r.precision)) on \(profile.name)"
        if reports.count == 1 {
            return ReportDocument(title: title, metadata: metadata, sections: detail(r, profile))
        }
        return ReportDocument(title: title, metadata: metadata, sections: [
            ReportSection("Sharing strategies", [.table(comparison(reports, profile))]),
            ReportSection("Charts", charts(reports, profile)),
        ])
    }

    static func name(_ r: SimulationReport) -> String { "\(r.sharing.rawValue)×\(r.repeats)" }

    /// One row per report: decode, traffic per level, energy, prefill, load, init, memory.
    static func comparison(_ reports: [SimulationReport], _ p: DeviceProfile) -> TextTable {
        let levels = p.caches.map(\.name)
        var table = TextTable(["strategy", "layers", "decode ms/tok", "tok/s", "DRAM MB/tok"]
                              + levels.map { "\($0) MB/tok" } + ["mJ/tok", "prefill ms", "load s", "init s", "peak MB", "fits"])
        for r in reports {
            table.add([name(r), "\(r.executedLayers)", fixed(r.decodeSecondsPerToken * 1e3, 2),
                       fixed(r.decodeTokensPerSecond, 1), megabytes(Int(r.dramBytesPerDecodeToken))]
                      + levels.map { megabytes(Int(r.bytesPerDecodeToken[$0] ?? 0)) }
                      + [fixed(r.joulesPerDecodeToken * 1e3, 2), fixed(r.prefill.seconds * 1e3, 1), fixed(r.loadSeconds, 3),
                         fixed(r.initSeconds, 3), megabytes(r.memory.peakBytes), r.memory.fitsBudget ? "yes" : "no"])
        }
        return table
    }

    static func charts(_ reports: [SimulationReport], _ p: DeviceProfile) -> [ReportBlock] {
        let names = reports.map(name)
        let levels = p.caches.map(\.name) + ["DRAM", "DRAM writeback"]
        let bytes = BarChart(
            title: "Bytes per decode token by memory level, \(p.name)", layout: .stacked, categories: names,
            series: levels.map { level in ChartSeries(level, reports.map { ($0.bytesPerDecodeToken[level] ?? 0) / 1e6 }) },
            valueAxis: ChartAxis("bytes per decode token", unit: "MB"), categoryAxis: "sharing strategy")
        let latency = BarChart(
            title: "Decode latency and energy per token, \(p.name)", layout: .grouped, categories: names,
            series: [ChartSeries("decode ms/token", reports.map { $0.decodeSecondsPerToken * 1e3 }),
                     ChartSeries("mJ/token", reports.map { $0.joulesPerDecodeToken * 1e3 })],
            valueAxis: ChartAxis("per decode token", unit: "ms or mJ"), categoryAxis: "sharing strategy")
        let memory = BarChart(
            title: "Resident memory against the app budget, \(p.name)", layout: .stacked, categories: names,
            series: [ChartSeries("weights", reports.map { Double($0.memory.weightBytes) / 1e6 }),
                     ChartSeries("KV cache", reports.map { Double($0.memory.kvCacheBytes) / 1e6 }),
                     ChartSeries("activations", reports.map { Double($0.memory.activationBytes) / 1e6 })],
            valueAxis: ChartAxis("resident memory", unit: "MB"), categoryAxis: "sharing strategy",
            reference: BarChart.Reference("app budget", value: Double(reports[0].memory.budgetBytes) / 1e6))
        return [.chart(.bars(bytes)), .chart(.bars(latency)), .chart(.bars(memory))]
    }

    /// One report: its phases, energy split and memory as notes, and the per-op decode table.
    static func detail(_ r: SimulationReport, _ p: DeviceProfile) -> [ReportSection] {
        let e = r.energyPerDecodeToken
        let notes = [
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
        ]
        let levels = p.caches.map(\.name) + ["DRAM"]
        var table = TextTable(["op", "count", "MFLOP"] + levels.map { "\($0) MB" } + ["ms", "bound"])
        let n = Double(r.decode.steps)
        for op in r.decode.perOp {
            table.add([op.kind.rawValue, "\(op.count / r.decode.steps)", fixed(Double(op.flops) / n / 1e6, 2)]
                      + levels.map { fixed(Double(op.bytes[$0] ?? 0) / n / 1e6, 2) }
                      + [fixed(op.seconds / n * 1e3, 3), op.computeBound ? "compute" : "memory"])
        }
        return [
            ReportSection("", [.note(notes.joined(separator: "\n")), .table(comparison([r], p))]),
            ReportSection("Decode, per token", [.table(table)]),
        ]
    }
}
