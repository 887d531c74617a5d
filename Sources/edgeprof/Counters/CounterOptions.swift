import ArgumentParser
import EdgeCounters
import EdgeModel
import Foundation

/// `--counters`, `--op-timing`: counter sessions around a run's phases and the runtime's per-op timing.
struct CounterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Counters around load, init, prefill and each decode step: default (cycles, instructions, "
        + "L1D/L2/LLC misses, task-clock, page faults, context switches), none, or EVENT,EVENT… (short names or PAPI "
        + "names). Events this machine cannot count are reported unavailable with PAPI's reason."))
    var counters: String = "none"

    @Option(help: ArgumentHelp("Per-op measurement: none, kinds (time per op kind), layers (also per executed layer), "
        + "counters (time and the counters per op kind, one counter read per op)."))
    var opTiming: OpTimingLevel = .none

    /// The measurement to run, or nil when nothing is asked for. Prints one line to stderr when counters are off.
    func measurement() throws -> RunMeasurement? {
        guard let events = CounterEvent.parse(counters) else {
            throw InputError(file: "<command line>", field: "--counters",
                             "expected default, none or a comma-separated list of at most \(CounterEvent.maxEvents) "
                             + "event names, got '\(counters)'")
        }
        if events.isEmpty && opTiming == .none { return nil }
        let opened = CounterAccess.open(environment: ProcessInfo.processInfo.environment)
        if !events.isEmpty, let reason = opened.offReason {
            FileHandle.standardError.write(Data("edgeprof: \(reason); counters off, the run goes on\n".utf8))
        }
        return RunMeasurement(counters: CounterAccess.counterSet(opened, events: events),
                              opTiming: opTiming != .none, layerTiming: opTiming == .layers,
                              perOpCounters: opTiming == .counters)
    }
}

/// How much per-op measurement `--op-timing` asks for.
enum OpTimingLevel: String, ExpressibleByArgument, CaseIterable {
    case none, kinds, layers, counters
}

/// What `run` reports from a measurement: counters per phase and measured op times.
struct RunMeasured: Encodable {
    var counters: CounterRunReport?
    var opTiming: RunOpTiming?

    init(_ measurement: RunMeasurement) {
        counters = measurement.counters.events.isEmpty ? nil : measurement.counterReport()
        opTiming = measurement.timingReport()
    }
}
