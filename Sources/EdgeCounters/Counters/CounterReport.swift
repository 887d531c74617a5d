/// One event's count over a phase: a value, or null with the reason it is not counted (never a fake 0).
public struct CounterValue: Equatable, Sendable, Encodable {
    public var event: String
    public var unit: String
    /// The count, nil when the event is unavailable.
    public var value: Int64?
    /// Why `value` is nil (the library's reason), nil when counted.
    public var reason: String?

    enum CodingKeys: String, CodingKey { case event, unit, value, reason }

    /// Encodes `value` as `null` when unavailable (the synthesized encoding would drop the key).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event, forKey: .event)
        try container.encode(unit, forKey: .unit)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(reason, forKey: .reason)
    }
}

/// The counts of one phase summed over its occurrences (decode: one per step).
public struct CounterPhaseReport: Equatable, Sendable, Encodable {
    public var phase: String
    public var occurrences: Int
    public var counters: [CounterValue]
}

/// The counters of a run: which library, whether multiplexed, what they counted per phase.
public struct CounterRunReport: Equatable, Sendable, Encodable {
    /// Library and version, or `off`.
    public var library: String
    /// Whose work is counted: PAPI counts the thread that started the set (the runtime's thread 0).
    public var scope: String
    /// True when hardware counters were time-shared (values are scaled estimates).
    public var multiplexed: Bool
    public var phases: [CounterPhaseReport]
    /// Per op kind (with `--counters-per-op`), summed over the decode steps.
    public var perOpKind: [CounterPhaseReport]?

    public init(library: String, scope: String, multiplexed: Bool, phases: [CounterPhaseReport],
                perOpKind: [CounterPhaseReport]?) {
        self.library = library
        self.scope = scope
        self.multiplexed = multiplexed
        self.phases = phases
        self.perOpKind = perOpKind
    }
}
