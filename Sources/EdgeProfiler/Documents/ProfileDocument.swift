import EdgeReports

/// The `profile` report as a document: device estimates, host measurements, charts, then per-strategy detail.
public enum ProfileDocument {
    public static func make(_ report: ProfileReport) -> ReportDocument {
        let devices = report.device
        let names = devices.map(\.name).joined(separator: ", ")
        var sections = devices.map { summary($0, precision: report.precision) } + [measured(report)]
        if let first = devices.first { sections.append(charts(first, all: devices)) }
        for device in devices {
            for strategy in device.strategies { sections += detail(strategy, on: device) }
        }
        return ReportDocument(
            title: "Profile: \(report.model) (\(report.precision)) on \(names)",
            metadata: [
                ReportField("model", "\(report.model), \(report.precision) weights: \(report.weights)"),
                ReportField("run", "prompt \(report.prompt) tokens, \(report.tokens) generated "
                            + "(\(report.tokens - 1) decode steps)"),
                ReportField("device model", "\(report.mode.rawValue) memory model, schedule tracer's event stream; "
                            + "deterministic"),
                ReportField("host", "\(report.measured.threads) thread\(report.measured.threads == 1 ? "" : "s"); "
                            + "wall-clock figures vary run to run"),
            ] + conversions(report),
            sections: sections)
    }

    /// A `precision` field when a device's unit lists no peak for the stored precision (as `simulate` says it).
    static func conversions(_ report: ProfileReport) -> [ReportField] {
        let converted = report.device.compactMap { d in
            d.computedAs.map { "\(d.computeUnit) unit of \(d.name) lists no \(report.precision) peak: weights converted to "
                               + "\($0) on the fly, computed at its rate" }
        }
        return converted.isEmpty ? [] : [ReportField("precision", converted.joined(separator: "; "))]
    }

    static func strategyName(_ s: StrategyEstimate) -> String { "\(s.sharing)×\(s.repeats)" }

    static func summary(_ device: DeviceEstimate, precision: String) -> ReportSection {
        var table = TextTable(["strategy", "layers", "load s", "init s", "TTFT ms", "decode ms/tok", "tok/s", "mJ/tok",
                               "DRAM MB/tok"] + device.levels.map { "\($0) MB/tok" } + ["peak MB", "budget MB", "fits"])
        for s in device.strategies {
            table.add([strategyName(s), "\(s.executedLayers)", fixed(s.loadSeconds, 3), fixed(s.initSeconds, 3),
                       fixed(s.timeToFirstTokenSeconds * 1e3, 1), fixed(s.decodeSecondsPerToken * 1e3, 2),
                       fixed(s.decodeTokensPerSecond, 1), fixed(s.joulesPerDecodeToken * 1e3, 2),
                       megabytes(s.dramBytesPerDecodeToken)]
                      + device.levels.map { megabytes(s.bytesPerDecodeToken[$0] ?? 0) }
                      + [megabytes(s.memory.peakBytes), megabytes(s.memory.budgetBytes), s.memory.fitsBudget ? "yes" : "no"])
        }
        var energy = TextTable(["strategy", "DRAM mJ", "caches mJ", "compute mJ", "static mJ", "total mJ/tok"],
                               title: "Energy per decode token")
        for s in device.strategies {
            let e = s.energyPerDecodeToken
            energy.add([strategyName(s), fixed(e.dram * 1e3, 3), fixed(e.caches * 1e3, 3), fixed(e.compute * 1e3, 3),
                        fixed(e.staticPower * 1e3, 3), fixed(s.joulesPerDecodeToken * 1e3, 3)])
        }
        let converted = device.computedAs.map { " It computes the \(precision) weights as \($0)." } ?? ""
        return ReportSection("\(device.name): device model estimates", [
            .note("\(device.computeUnit) unit: peak \(fixed(device.peakOpsPerSecond / 1e9, 1)) GOP/s, DRAM "
                  + "\(fixed(device.dramBytesPerSecond / 1e9, 1)) GB/s achievable, ridge point "
                  + "\(fixed(device.ridgeIntensity, 1)) op/byte.\(converted) TTFT is the modelled prefill of the prompt."),
            .table(table), .table(energy),
        ])
    }

    static func measured(_ report: ProfileReport) -> ReportSection {
        let replayDevice = report.measured.strategies.first?.runtimeReplay?.device ?? ""
        var table = TextTable(["strategy", "load ms", "init ms", "prefill ms", "prefill tok/s", "decode mean ms",
                               "p50 ms", "p90 ms", "decode tok/s", "peak RSS MB", "replay ms/tok", "replay DRAM MB/tok"])
        for r in report.measured.strategies {
            table.add(["\(r.sharing)×\(r.repeats)", fixed(r.loadSeconds * 1e3, 1), fixed(r.initSeconds * 1e3, 1),
                       fixed(r.prefill.seconds * 1e3, 1), fixed(r.prefill.tokensPerSecond, 1),
                       fixed(r.decode.meanMilliseconds, 2), fixed(r.decode.p50Milliseconds, 2),
                       fixed(r.decode.p90Milliseconds, 2), fixed(r.decode.tokensPerSecond, 1),
                       megabytes(r.peakResidentBytes),
                       r.runtimeReplay.map { fixed($0.decodeSecondsPerToken * 1e3, 2) } ?? "",
                       r.runtimeReplay.map { megabytes($0.dramBytesPerDecodeToken) } ?? ""])
        }
        return ReportSection("Measured on this host", [
            .note("The runtime run for real on this CPU (weights: \(report.weights)): wall-clock times and peak "
                  + "resident memory of this machine, which vary from run to run. The replay columns feed the runtime's "
                  + "own op events (real addresses) to the \(replayDevice) model: they agree with its estimates above "
                  + "within a fraction of a percent."),
            .table(table),
        ])
    }

    static func charts(_ device: DeviceEstimate, all devices: [DeviceEstimate]) -> ReportSection {
        let strategies = device.strategies.map(strategyName)
        let levels = device.levels + ["DRAM", "DRAM writeback"]
        let bytes = BarChart(
            title: "Bytes per decode token by memory level, \(device.name)", layout: .stacked, categories: strategies,
            series: levels.map { level in ChartSeries(level, device.strategies.map { ($0.bytesPerDecodeToken[level] ?? 0) / 1e6 }) },
            valueAxis: ChartAxis("bytes per decode token", unit: "MB"), categoryAxis: "sharing strategy")
        let latency = BarChart(
            title: "Decode latency per strategy and device", layout: .grouped, categories: strategies,
            series: devices.map { d in ChartSeries(d.name, d.strategies.map { $0.decodeSecondsPerToken * 1e3 }) },
            valueAxis: ChartAxis("decode latency", unit: "ms/token"), categoryAxis: "sharing strategy")
        let parts: [(String, (StrategyEstimate) -> Double)] = [
            ("DRAM", { $0.energyPerDecodeToken.dram }), ("caches", { $0.energyPerDecodeToken.caches }),
            ("compute", { $0.energyPerDecodeToken.compute }), ("static", { $0.energyPerDecodeToken.staticPower }),
        ]
        let energy: BarChart = devices.count == 1
            ? BarChart(title: "Energy per decode token, \(device.name)", layout: .stacked, categories: strategies,
                       series: parts.map { name, part in ChartSeries(name, device.strategies.map { part($0) * 1e3 }) },
                       valueAxis: ChartAxis("energy per decode token", unit: "mJ"), categoryAxis: "sharing strategy")
            : BarChart(title: "Energy per decode token per strategy and device", layout: .grouped, categories: strategies,
                       series: devices.map { d in ChartSeries(d.name, d.strategies.map { $0.joulesPerDecodeToken * 1e3 }) },
                       valueAxis: ChartAxis("energy per decode token", unit: "mJ"), categoryAxis: "sharing strategy")
        let budget = device.strategies.first.map { Double($0.memory.budgetBytes) / 1e6 } ?? 0
        let memory = BarChart(
            title: "Resident memory against the app budget, \(device.name)", layout: .stacked, categories: strategies,
            series: [ChartSeries("weights", device.strategies.map { Double($0.memory.weightBytes) / 1e6 }),
                     ChartSeries("KV cache", device.strategies.map { Double($0.memory.kvCacheBytes) / 1e6 }),
                     ChartSeries("activations", device.strategies.map { Double($0.memory.activationBytes) / 1e6 })],
            valueAxis: ChartAxis("resident memory", unit: "MB"), categoryAxis: "sharing strategy",
            reference: BarChart.Reference("app budget", value: budget))
        var blocks: [ReportBlock] = [.chart(.bars(bytes)), .chart(.bars(latency)), .chart(.bars(energy)),
                                     .chart(.bars(memory))]
        if let first = device.strategies.first {
            blocks.append(.chart(.roofline(RooflineChart(
                title: "Roofline of the decode op kinds, \(strategyName(first)), \(device.name)",
                peakOpsPerSecond: device.peakOpsPerSecond,
                roofs: [RooflineChart.Roof("DRAM", bytesPerSecond: device.dramBytesPerSecond)],
                points: first.perOpKind.compactMap { op in
                    op.intensity.map { RooflineChart.Point(op.kind, intensity: $0, opsPerSecond: op.attainedOpsPerSecond) }
                }))))
        }
        for strategy in device.strategies {
            blocks.append(.chart(.timeline(timeline(strategy, levels: device.levels + ["DRAM"], device: device.name))))
        }
        return ReportSection("Charts", blocks)
    }

    /// One decode step, layer by layer in time, each column split by the level that served its bytes.
    static func timeline(_ s: StrategyEstimate, levels: [String], device: String) -> TimelineChart {
        var start = 0.0
        let segments = s.decodeStep.map { layer -> TimelineChart.Segment in
            defer { start += layer.seconds * 1e6 }
            let label = layer.layer.map(String.init) ?? (layer.site == "embed" ? "E" : "H")
            let detail = layer.block.map { "\(layer.site) (block \($0))" } ?? layer.site
            return TimelineChart.Segment(label: label, detail: detail, start: start, duration: layer.seconds * 1e6,
                                         shares: levels.map { layer.bytes[$0] ?? 0 })
        }
        return TimelineChart(title: "One decode step, \(strategyName(s)), \(device): where each layer's bytes come from",
                             timeAxis: ChartAxis("time into the step", unit: "µs"), parts: levels, segments: segments)
    }

    static func detail(_ s: StrategyEstimate, on device: DeviceEstimate) -> [ReportSection] {
        let levels = device.levels
        var ops = TextTable(["op", "ops/tok", "MFLOP/tok", "ms/tok", "time %", "DRAM MB", "op/DRAM B", "bound", "by ×"])
        var traffic = TextTable(["op"] + levels.map { "\($0) MB" } + ["DRAM MB", "writeback MB"] + levels.map { "\($0) hit %" },
                                title: "Bytes per level and hit rates per op kind")
        for op in s.perOpKind {
            let dram = (op.bytesPerToken["DRAM"] ?? 0) + (op.bytesPerToken["DRAM writeback"] ?? 0)
            ops.add([op.kind, fixed(op.opsPerToken, 0), fixed(op.flopsPerToken / 1e6, 2), fixed(op.secondsPerToken * 1e3, 3),
                     fixed(op.shareOfTime * 100, 1), fixed(dram / 1e6, 2), op.intensity.map { fixed($0, 2) } ?? "-",
                     op.bound, op.boundBy.map { fixed($0, 1) } ?? "-"])
            traffic.add([op.kind] + levels.map { fixed((op.bytesPerToken[$0] ?? 0) / 1e6, 2) }
                        + [fixed((op.bytesPerToken["DRAM"] ?? 0) / 1e6, 2), fixed((op.bytesPerToken["DRAM writeback"] ?? 0) / 1e6, 2)]
                        + levels.map { fixed((op.hitRates[$0] ?? 0) * 100, 1) })
        }
        var top = TextTable(["rank", "site", "block", "op", "µs/tok", "DRAM MB/tok", "bound"], title: "Top ops by decode time")
        for (i, op) in s.topOps.enumerated() {
            top.add(["\(i + 1)", op.site, op.block.map(String.init) ?? "-", op.kind, fixed(op.secondsPerToken * 1e6, 1),
                     fixed(op.dramBytesPerToken / 1e6, 2), op.bound])
        }
        var layers = TextTable(["site", "block", "µs/tok"] + levels.map { "\($0) MB" } + ["DRAM MB"]
                               + levels.map { "\($0) hit %" })
        for l in s.perLayer {
            layers.add([l.site, l.block.map(String.init) ?? "-", fixed(l.seconds * 1e6, 1)]
                       + levels.map { fixed((l.bytes[$0] ?? 0) / 1e6, 2) } + [fixed((l.bytes["DRAM"] ?? 0) / 1e6, 2)]
                       + levels.map { fixed((l.hitRates[$0] ?? 0) * 100, 1) })
        }
        let name = "\(strategyName(s)), \(device.name)"
        return [
            ReportSection("Per op kind (decode, per token): \(name)", [
                .note("op/DRAM B is the arithmetic intensity against the ridge point of \(fixed(device.ridgeIntensity, 1)) "
                      + "op/byte; bound says whether the peak-rate time or the memory time is larger, and by how much."),
                .table(ops), .table(top),
            ]),
            ReportSection("Traffic per op kind (decode, per token): \(name)", [.table(traffic)], inTerminal: false),
            ReportSection("Per executed layer (decode, per token): \(name)", [.table(layers)], inTerminal: false),
        ]
    }
}
