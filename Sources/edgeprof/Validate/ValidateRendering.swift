import EdgeReports
import EdgeCounters

extension ValidationReport {
    /// Phases, then decode and prefill per op kind: predicted, measured, error.
    func table(csv: Bool) -> String {
        var table = TextTable(["quantity", "predicted ms", "measured ms", "error"])
        func add(_ prefix: String, _ rows: [Comparison]) {
            for row in rows {
                table.add([prefix + row.name, fixed(row.predictedSeconds * 1000, 3), fixed(row.measuredSeconds * 1000, 3),
                           percent(row.relativeError)])
            }
        }
        add("", phases)
        add("wall clock: ", wallClock)
        add("decode/token ", decodePerOpKind)
        add("prefill ", prefillPerOpKind)
        if csv { return table.csv() }
        let header = "\(model), \(precision), \(sharing)×\(repeats) (\(executedLayers) layers), \(threads) thread"
            + "\(threads == 1 ? "" : "s"), prompt \(promptTokens), \(decodeSteps) decode steps; predicted on \(device) "
            + "(\(mode) model), measured (\(clock == "wall clock" ? clock : clock + " unless marked wall clock")): per phase and decode step the fastest "
            + "undisturbed of \(runs) runs (" + undisturbedSamples.map { "\($0.name) \($0.undisturbed)/\($0.total) undisturbed" }
                .joined(separator: ", ") + ")"
        var lines = [header, table.render(), "predicted DRAM per decode token: " + megabytes(Int(predictedDRAMBytesPerDecodeToken)) + " MB",
                     "cache misses: " + cacheMisses]
        if let ratio = decodeRatio {
            lines.append("decode time per token ÷ \(ratio.baseline)'s (\(ratio.rounds.count) alternating rounds, "
                         + "\(ratio.undisturbedRounds) undisturbed): predicted \(fixed(ratio.predicted, 3)), measured "
                         + "\(fixed(ratio.measured, 3)) (median; rounds "
                         + ratio.rounds.map { fixed($0, 3) }.joined(separator: " ") + "), error " + percent(ratio.relativeError))
        }
        if let misses = cachegrindMisses {
            var missTable = TextTable(["per decode token", "predicted", "cachegrind", "error"])
            for row in misses {
                missTable.add([row.name, fixed(row.predicted, 0), fixed(row.measured, 0),
                               percent(row.relativeError)])
            }
            lines.append(missTable.render())
        }
        return lines.joined(separator: "\n")
    }

    /// A signed percentage, or "n/a" where the measured figure is 0 (no relative error exists).
    private func percent(_ error: Double?) -> String {
        guard let error else { return "n/a" }
        return (error >= 0 ? "+" : "") + fixed(error * 100, 1) + "%"
    }
}
