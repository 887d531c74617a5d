/// Opens the counter library unless the environment turns counters off.
///
/// `EDGEPROF_COUNTERS=off` switches counters off (every event is then unavailable with that reason, and
/// everything else runs). PAPI failing to initialise does the same, with PAPI's reason.
public enum CounterAccess {
    /// The environment variable that switches counters off (`off`).
    public static let switchVariable = "EDGEPROF_COUNTERS"

    /// The library to count with, or the one-line reason counters are off.
    public static func open(environment: [String: String],
                            library: () -> Result<any CounterLibrary, CounterError> = papiWithPerfFallback)
        -> Result<any CounterLibrary, CounterError> {
        if let value = environment[switchVariable], value.lowercased() == "off" {
            return .failure(CounterError(code: 0, reason: "counters off (\(switchVariable)=\(value))"))
        }
        return library()
    }

    /// PAPI, with perf_event_open for the events PAPI refuses (its perf_event component may be disabled on CPUs
    /// its libpfm4 does not know, while the kernel still counts).
    public static func papiWithPerfFallback() -> Result<any CounterLibrary, CounterError> {
        PAPILibrary.shared.map { papi in
            FallbackCounterLibrary(primary: papi, fallback: PerfEventLibrary(), primaryNote: papi.cpuComponentDisabled)
        }
    }

    /// A started counter set for `events` from `opened`, or one whose events are all unavailable for its reason.
    public static func counterSet(_ opened: Result<any CounterLibrary, CounterError>, events: [CounterEvent]) -> CounterSet {
        switch opened {
        case .success(let library): CounterSet(library: library, events: events)
        case .failure(let error): CounterSet(off: error.reason, events: events)
        }
    }
}
