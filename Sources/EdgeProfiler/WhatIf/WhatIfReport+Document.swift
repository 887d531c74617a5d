import EdgeReports

extension WhatIfReport {
    /// The report as a document: the picks, the memory-budget chart and every candidate itemised.
    public var document: ReportDocument {
        func pick(_ p: WhatIfPick?, _ what: String) -> String {
            p.map { "\(what): \($0.model) \($0.precision), \(fixed($0.decodeTokensPerSecond, 1)) tok/s, "
                + "\(fixed($0.joulesPerDecodeToken * 1e3, 2)) mJ/token" } ?? "\(what): nothing fits"
        }
        return ReportDocument(
            title: "What fits in \(megabytes(budgetBytes)) MB on \(deviceName)",
            metadata: [
                ReportField("device", "\(deviceName) (\(device)), \(megabytes(dramBytes)) MB DRAM"),
                ReportField("budget", "\(megabytes(budgetBytes)) MB = \(budget)"),
                ReportField("context", "KV cache (\(kvPrecision)) for \(context) positions; activations for \(stepTokens)-token steps"),
                ReportField("runtime overhead", runtimeOverheadSource),
                ReportField("speed and energy", speedBasis),
            ],
            sections: [
                ReportSection("Among those that fit", [.note(pick(fastest, "fastest")), .note(pick(mostFrugal, "most frugal"))]),
                ReportSection("Memory against the budget", budgetCharts.map { .chart(.bars($0)) }),
                ReportSection("Every candidate", [
                    .table(candidateTable),
                    .note("longest ctx: the longest KV cache that fits beside the weights, activations and runtime "
                          + "(capped at the model's maximum; 0 = not even one position). saved: what layer sharing, "
                          + "grouped-query attention, the shared embedding and an f16 KV cache save, each against the "
                          + "same model without it."),
                ]),
            ])
    }

    /// Per weight precision, every model's resident bytes stacked, with the budget line (bf16 is left out when
    /// f16 is there: their bytes are the same).
    var budgetCharts: [BarChart] {
        var precisions: [String] = []
        for c in candidates where !precisions.contains(c.precision) { precisions.append(c.precision) }
        if precisions.contains("f16") { precisions.removeAll { $0 == "bf16" } }
        return precisions.map { precision in
            let shown = candidates.filter { $0.precision == precision }
            func mb(_ f: (WhatIfCandidate) -> Int) -> [Double] { shown.map { Double(f($0)) / 1e6 } }
            return BarChart(
                title: "\(precision) weights: resident memory at \(context) positions vs the \(megabytes(budgetBytes)) MB budget",
                layout: .stacked,
                categories: shown.map { $0.model.replacingOccurrences(of: "mobilellm-", with: "") },
                series: [ChartSeries("weights", mb(\.weightBytes)), ChartSeries("KV cache", mb(\.kvCacheBytes)),
                         ChartSeries("activations", mb(\.activationBytes)),
                         ChartSeries("runtime", mb(\.runtimeOverheadBytes))],
                valueAxis: ChartAxis("resident memory", unit: "MB"), categoryAxis: "model",
                reference: BarChart.Reference("budget", value: Double(budgetBytes) / 1e6))
        }
    }

    var candidateTable: TextTable {
        var table = TextTable(["model", "precision", "sharing", "weights MB", "KV MB", "act MB", "runtime MB",
                               "total MB", "fits", "longest ctx", "saved: sharing MB", "GQA MB", "shared emb MB",
                               "f16 KV MB", "tok/s", "mJ/tok"])
        for c in candidates {
            table.add([c.model, c.precision + (c.computedAs.map { " (as \($0))" } ?? ""), "\(c.sharing.rawValue)×\(c.repeats)",
                       megabytes(c.weightBytes), megabytes(c.kvCacheBytes), megabytes(c.activationBytes),
                       megabytes(c.runtimeOverheadBytes), megabytes(c.totalBytes), c.fits ? "yes" : "no",
                       "\(c.longestContext)", megabytes(c.savings.layerSharing),
                       megabytes(c.savings.groupedQueryAttention), megabytes(c.savings.embeddingSharing),
                       megabytes(c.savings.kvPrecision), c.decodeTokensPerSecond.map { fixed($0, 1) } ?? "-",
                       c.joulesPerDecodeToken.map { fixed($0 * 1e3, 2) } ?? "-"])
        }
        return table
    }
}
