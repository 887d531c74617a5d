/// A counter library that asks `primary` (PAPI) for each event and, where it refuses, `fallback`
/// (perf_event_open); an event both refuse is unavailable with both reasons, the primary's first.
public final class FallbackCounterLibrary: CounterLibrary {
    public let primary: any CounterLibrary
    public let fallback: any CounterLibrary
    /// Why the primary refuses events in general (PAPI's disabled component), appended to its reasons.
    public let primaryNote: String?

    public init(primary: any CounterLibrary, fallback: any CounterLibrary, primaryNote: String? = nil) {
        self.primary = primary
        self.fallback = fallback
        self.primaryNote = primaryNote
    }

    public var name: String { "\(primary.name) + \(fallback.name)" }
    public var hardwareCounterSlots: Int { primary.hardwareCounterSlots }

    public func makeEventSet(multiplexed: Bool) throws(CounterError) -> any CounterEventSet {
        FallbackEventSet(primary: try primary.makeEventSet(multiplexed: multiplexed),
                         fallback: try fallback.makeEventSet(multiplexed: multiplexed), note: primaryNote)
    }
}

/// Two event sets read as one: each added event remembers which set holds it and at which index.
final class FallbackEventSet: CounterEventSet {
    private let primary: any CounterEventSet
    private let fallback: any CounterEventSet
    private let note: String?
    /// Per added event: (in primary?, index in its set).
    private var sources: [(primary: Bool, index: Int)] = []
    private var counts = (primary: 0, fallback: 0)
    private var primaryValues = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    private var fallbackValues = UnsafeMutablePointer<Int64>.allocate(capacity: 1)

    init(primary: any CounterEventSet, fallback: any CounterEventSet, note: String?) {
        self.primary = primary
        self.fallback = fallback
        self.note = note
    }

    deinit {
        primaryValues.deallocate()
        fallbackValues.deallocate()
    }

    func add(_ event: String) throws(CounterError) {
        do {
            try primary.add(event)
            sources.append((true, counts.primary))
            counts.primary += 1
        } catch let refused {
            do {
                try fallback.add(event)
                sources.append((false, counts.fallback))
                counts.fallback += 1
            } catch {
                let first = refused.reason + (note.map { " (\($0))" } ?? "")
                throw CounterError(code: refused.code, reason: "\(first); \(error.reason)")
            }
        }
    }

    func start() throws(CounterError) {
        primaryValues.deallocate()
        fallbackValues.deallocate()
        primaryValues = .allocate(capacity: max(counts.primary, 1))
        fallbackValues = .allocate(capacity: max(counts.fallback, 1))
        if counts.primary > 0 { try primary.start() }
        if counts.fallback > 0 { try fallback.start() }
    }

    func read(into values: UnsafeMutablePointer<Int64>) throws(CounterError) {
        if counts.primary > 0 { try primary.read(into: primaryValues) }
        if counts.fallback > 0 { try fallback.read(into: fallbackValues) }
        for (i, source) in sources.enumerated() {
            values[i] = source.primary ? primaryValues[source.index] : fallbackValues[source.index]
        }
    }

    func stop() {
        if counts.primary > 0 { primary.stop() }
        if counts.fallback > 0 { fallback.stop() }
    }
}
