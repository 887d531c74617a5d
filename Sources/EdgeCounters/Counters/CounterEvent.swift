/// An event EdgeProf can ask a counter library for: a short name for tables and the library's event name.
public struct CounterEvent: Hashable, Codable, Sendable {
    /// Short name (`cycles`, `task-clock`) or, for events named on the command line, the library's own name.
    public var name: String
    /// The PAPI event name (`PAPI_TOT_CYC`, `perf::TASK-CLOCK`).
    public var libraryName: String
    /// Unit of the count (`count`, `ns`).
    public var unit: String

    public init(name: String, libraryName: String, unit: String = "count") {
        self.name = name
        self.libraryName = libraryName
        self.unit = unit
    }

    /// Kernel software events (perf's software PMU): they need no hardware counter slot.
    public var isSoftware: Bool { Self.softwareNames.contains(libraryName.uppercased()) }

    private static let softwareNames: Set<String> = [
        "PERF::TASK-CLOCK", "PERF::CPU-CLOCK", "PERF::PAGE-FAULTS", "PERF::MINOR-FAULTS", "PERF::MAJOR-FAULTS",
        "PERF::CONTEXT-SWITCHES", "PERF::CPU-MIGRATIONS",
    ]

    /// `--counters default`: cycles, instructions, L1D / L2 / LLC misses (PAPI presets, hardware) and the
    /// kernel's task-clock, page faults and context switches (software).
    public static let defaults: [CounterEvent] = [
        CounterEvent(name: "cycles", libraryName: "PAPI_TOT_CYC"),
        CounterEvent(name: "instructions", libraryName: "PAPI_TOT_INS"),
        CounterEvent(name: "L1D-misses", libraryName: "PAPI_L1_DCM"),
        CounterEvent(name: "L2-misses", libraryName: "PAPI_L2_DCM"),
        CounterEvent(name: "LLC-misses", libraryName: "PAPI_L3_TCM"),
        CounterEvent(name: "task-clock", libraryName: "perf::TASK-CLOCK", unit: "ns"),
        CounterEvent(name: "page-faults", libraryName: "perf::PAGE-FAULTS"),
        CounterEvent(name: "context-switches", libraryName: "perf::CONTEXT-SWITCHES"),
    ]

    /// The events of a `--counters` value: `default`, `none`, or a comma-separated list of short names
    /// (`cycles`, `task-clock`) and library event names (`PAPI_L1_DCM`, `perf::MINOR-FAULTS`).
    /// Returns nil for an empty item, a name with characters no event name has, or more than `maxEvents` events.
    public static func parse(_ text: String) -> [CounterEvent]? {
        switch text {
        case "default": return defaults
        case "none": return []
        default: break
        }
        var events: [CounterEvent] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(item)
            guard !name.isEmpty, name.count <= 128,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || "_-:.=".contains($0) }) else { return nil }
            let event = defaults.first { $0.name.lowercased() == name.lowercased() }
                ?? CounterEvent(name: name, libraryName: name, unit: name.uppercased().hasSuffix("-CLOCK") ? "ns" : "count")
            if !events.contains(event) { events.append(event) }
        }
        return events.count <= maxEvents ? events : nil
    }

    /// Most events one `--counters` list may name.
    public static let maxEvents = 32
}
