import EdgeReports
import EdgeCounters

extension CounterAvailability {
    /// One row per event: name, PAPI name, hardware/software, available or the reason it is not.
    func table(csv: Bool, offReason: String?) -> String {
        var table = TextTable(["event", "PAPI name", "source", "status"])
        for event in events {
            table.add([event.name, event.libraryName, event.source, event.available ? "available" : "unavailable: " + (event.reason ?? "")])
        }
        if csv { return table.csv() }
        let header = offReason.map { "counters: \($0)" }
            ?? "\(library), \(hardwareCounterSlots) hardware counters reported; events counted for the calling thread"
        return [header, "", table.render()].joined(separator: "\n")
    }
}

extension CounterRunReport {
    /// Phases as rows, events as columns; an unavailable event shows `n/a` and its reason below the table.
    func table(csv: Bool) -> String {
        let events = phases.first?.counters ?? []
        var table = TextTable(["phase", "occurrences"] + events.map { "\($0.event) (\($0.unit))" })
        for phase in phases + (perOpKind ?? []).map({ var p = $0; p.phase = "decode op " + p.phase; return p }) {
            table.add([phase.phase, String(phase.occurrences)] + phase.counters.map { $0.value.map(String.init) ?? "n/a" })
        }
        if csv { return table.csv() }
        var reasons: [String] = []
        for value in events where value.reason != nil {
            reasons.append("  \(value.event): unavailable: \(value.reason!)")
        }
        let header = "counters (\(library), \(scope)\(multiplexed ? ", multiplexed: scaled estimates" : ""))"
        return ([header, table.render()] + reasons).joined(separator: "\n")
    }
}

extension OpTimingReport {
    /// One row per op kind: ops, total and per-step milliseconds, share of the measured op time.
    func table(title: String) -> String {
        var table = TextTable(["op kind", "ops", "ms", "ms/step", "share"])
        let total = milliseconds
        for kind in perKind {
            table.add([kind.kind, String(kind.ops), fixed(kind.milliseconds, 3), fixed(kind.milliseconds / Double(max(steps, 1)), 4),
                       fixed(total > 0 ? kind.milliseconds / total * 100 : 0, 1) + "%"])
        }
        var lines = ["\(title): measured op time (\(steps) step\(steps == 1 ? "" : "s"), monotonic clock around each op)",
                     table.render()]
        if let layers = perLayerMilliseconds {
            lines.append("per executed layer, ms: " + layers.map { fixed($0, 3) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

extension RunMeasured {
    /// The counter table and the op-timing tables, for the end of `run`'s table.
    func table(csv: Bool) -> String {
        var parts: [String] = []
        if let counters { parts.append(counters.table(csv: csv)) }
        if !csv, let prefill = opTiming?.prefill { parts.append(prefill.table(title: "prefill")) }
        if !csv, let decode = opTiming?.decode { parts.append(decode.table(title: "decode")) }
        return parts.joined(separator: "\n\n")
    }
}
