import EdgeReports

extension CompareReport {
    /// The report as a document: per device a table of every variant against the unshared model and where its
    /// bytes come from; across devices, decode latency and J/token.
    public var document: ReportDocument {
        var sections: [ReportSection] = []
        if !rows.isEmpty {
            sections.append(ReportSection("Across devices", [
                .chart(.bars(acrossDevices("Decode latency per device", unit: "ms/token", label: "decode latency") {
                    $0.decodeSecondsPerToken * 1e3 })),
                .chart(.bars(acrossDevices("Energy per decode token per device", unit: "mJ/token", label: "energy") {
                    $0.joulesPerDecodeToken * 1e3 })),
            ]))
        }
        for device in devices {
            let deviceRows = rows.filter { $0.device == device }
            guard !deviceRows.isEmpty else { continue }
            sections.append(ReportSection(device, [.table(table(deviceRows)), .chart(.bars(levels(device, deviceRows)))]))
        }
        sections.append(ReportSection("Notes", [
            .note("×: the row's figure divided by the unshared \(model) on the same device. Hit rate: the share of "
                  + "the decode bytes reaching a level that it served. The accuracy column is quoted from the "
                  + "MobileLLM paper (arXiv 2402.14905, Table 2, average of 8 zero-shot tasks; "
                  + "shared/reference/models.md), not computed by EdgeProf; '-' where the paper gives none."),
        ]))
        return ReportDocument(
            title: "Layer sharing: \(model) (\(precision)) on \(devices.joined(separator: ", "))",
            metadata: [ReportField("model", "\(model), \(precision) weights"),
                       ReportField("repeats", repeats.map(String.init).joined(separator: ", ")),
                       ReportField("simulation", "\(mode.rawValue) mode, prompt \(prompt), \(tokens) decode tokens")]
                + (shard.map { [ReportField("shard", $0)] } ?? []),
            sections: sections)
    }

    private var variants: [String] {
        var seen: [String] = []
        for row in rows where !seen.contains(row.variant) { seen.append(row.variant) }
        return seen
    }

    private func acrossDevices(_ title: String, unit: String, label: String, _ value: (CompareRow) -> Double) -> BarChart {
        BarChart(title: title, layout: .grouped, categories: devices,
                 series: variants.map { variant in
                     ChartSeries(variant, devices.map { d in
                         rows.first { $0.device == d && $0.variant == variant }.map(value) ?? 0 })
                 },
                 valueAxis: ChartAxis(label, unit: unit), categoryAxis: "device")
    }

    private func levels(_ device: String, _ rows: [CompareRow]) -> BarChart {
        let names = (rows.first?.levels ?? []) + ["DRAM"]
        return BarChart(title: "Bytes per decode token by level on \(device)", layout: .stacked,
                        categories: rows.map(\.variant),
                        series: names.map { level in ChartSeries(level, rows.map { ($0.bytesPerDecodeToken[level] ?? 0) / 1e6 }) },
                        valueAxis: ChartAxis("bytes per decode token", unit: "MB"), categoryAxis: "sharing")
    }

    private func table(_ rows: [CompareRow]) -> TextTable {
        let levels = rows.first?.levels ?? []
        var table = TextTable(["variant", "layers", "params M", "×params", "DRAM MB/tok", "×DRAM"]
                              + levels.map { "\($0) hit %" }
                              + ["load s", "init s", "decode ms", "×decode", "mJ/tok", "×J", "KV MB", "×KV",
                                 "accuracy (quoted)"])
        for r in rows {
            table.add([r.variant, "\(r.executedLayers)", fixed(Double(r.parameters) / 1e6, 1), fixed(r.relative.parameters, 2),
                       megabytes(r.dramBytesPerDecodeToken), fixed(r.relative.dramBytesPerDecodeToken, 3)]
                      + levels.map { fixed((r.hitRates[$0] ?? 0) * 100, 1) }
                      + [fixed(r.loadSeconds, 3), fixed(r.initSeconds, 3), fixed(r.decodeSecondsPerToken * 1e3, 2),
                         fixed(r.relative.decodeSecondsPerToken, 3), fixed(r.joulesPerDecodeToken * 1e3, 2),
                         fixed(r.relative.joulesPerDecodeToken, 3), megabytes(r.kvCacheBytes),
                         fixed(r.relative.kvCacheBytes, 2), r.quotedAccuracy.map { fixed($0.value, 1) } ?? "-"])
        }
        return table
    }
}
