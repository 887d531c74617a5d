/// What this machine can count: each event tried alone in its own event set.
public struct CounterAvailability: Equatable, Sendable, Encodable {
    /// Library and version, or `off`.
    public var library: String
    /// Hardware counters the library reports for its first (CPU) component.
    public var hardwareCounterSlots: Int
    public var events: [EventAvailability]

    /// One event: whether it counts here and, if not, the library's reason.
    public struct EventAvailability: Equatable, Sendable, Encodable {
        public var name: String
        public var libraryName: String
        /// `hardware` (the CPU's PMU) or `software` (the kernel).
        public var source: String
        public var available: Bool
        public var reason: String?

        enum CodingKeys: String, CodingKey { case name, libraryName, source, available, reason }

        /// Encodes `reason` as `null` when available, so every entry has the same keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(libraryName, forKey: .libraryName)
            try container.encode(source, forKey: .source)
            try container.encode(available, forKey: .available)
            try container.encode(reason, forKey: .reason)
        }
    }

    /// Tries every event of `events` alone with `opened` (or marks all off with its reason).
    public static func probe(_ opened: Result<any CounterLibrary, CounterError>,
                             events: [CounterEvent]) -> CounterAvailability {
        let library: String, slots: Int
        switch opened {
        case .success(let lib): (library, slots) = (lib.name, lib.hardwareCounterSlots)
        case .failure: (library, slots) = ("off", 0)
        }
        let entries = events.map { event in
            let status = CounterAccess.counterSet(opened, events: [event]).statuses[0]
            return EventAvailability(name: event.name, libraryName: event.libraryName,
                                     source: event.isSoftware ? "software" : "hardware",
                                     available: status.reason == nil, reason: status.reason)
        }
        return CounterAvailability(library: library, hardwareCounterSlots: slots, events: entries)
    }

    /// The events `edgeprof counters` lists: the defaults and the other kernel software events.
    public static let listed: [CounterEvent] = CounterEvent.defaults + [
        CounterEvent(name: "cpu-clock", libraryName: "perf::CPU-CLOCK", unit: "ns"),
        CounterEvent(name: "minor-faults", libraryName: "perf::MINOR-FAULTS"),
        CounterEvent(name: "major-faults", libraryName: "perf::MAJOR-FAULTS"),
        CounterEvent(name: "cpu-migrations", libraryName: "perf::CPU-MIGRATIONS"),
        CounterEvent(name: "perf-cycles", libraryName: "perf::CYCLES"),
        CounterEvent(name: "perf-instructions", libraryName: "perf::INSTRUCTIONS"),
        CounterEvent(name: "perf-LLC-load-misses", libraryName: "perf::LLC-LOAD-MISSES"),
    ]
}
