/// Counts of a `CounterSet` per named phase: `begin` and `end(phase)` bracket one occurrence (one decode step),
/// and each phase sums its occurrences. Allocates only at init: begin/end read into preallocated storage.
public final class CounterPhases {
    /// The counter set read at each bracket.
    public let set: CounterSet
    /// Phase names, in report order.
    public let names: [String]
    private var totals: [Int64]
    private var occurrences: [Int]
    private var failedReads: [Int]
    private var start: UnsafeMutablePointer<Int64>
    private var now: UnsafeMutablePointer<Int64>
    private var startValid = false

    public init(set: CounterSet, phases: [String]) {
        self.set = set
        names = phases
        let width = max(set.countingCount, 1)
        totals = Array(repeating: 0, count: phases.count * width)
        occurrences = Array(repeating: 0, count: phases.count)
        failedReads = Array(repeating: 0, count: phases.count)
        start = .allocate(capacity: width)
        now = .allocate(capacity: width)
    }

    deinit {
        start.deallocate()
        now.deallocate()
    }

    /// Zeroes every phase's totals and occurrences.
    public func reset() {
        for i in totals.indices { totals[i] = 0 }
        for i in occurrences.indices { occurrences[i] = 0; failedReads[i] = 0 }
    }

    /// Marks the start of an occurrence.
    public func begin() {
        startValid = set.read(into: start)
    }

    /// Ends the occurrence begun last as one occurrence of phase `phase` (an index into `names`).
    public func end(_ phase: Int) {
        _ = finish(phase)
    }

    /// Ends the current occurrence as one of `phase` and begins the next at the same reading (one read per op).
    public func lap(_ phase: Int) {
        startValid = finish(phase)
        swap(&start, &now)
    }

    /// Reads `now` and adds now − start to `phase`; returns whether `now` holds a valid reading.
    private func finish(_ phase: Int) -> Bool {
        occurrences[phase] += 1
        let width = set.countingCount
        guard width > 0 else { return true }
        let read = set.read(into: now)
        guard startValid, read else {
            failedReads[phase] += 1
            return read
        }
        for slot in 0..<width { totals[phase * width + slot] += now[slot] &- start[slot] }
        return true
    }

    /// The phases' totals, one entry per phase with one value per requested event (nil + reason if unavailable).
    public func report() -> [CounterPhaseReport] {
        names.indices.map { phase in
            let values = set.events.indices.map { e -> CounterValue in
                let event = set.events[e]
                switch set.statuses[e] {
                case .unavailable(let reason):
                    return CounterValue(event: event.name, unit: event.unit, value: nil, reason: reason)
                case .counting(let slot):
                    if failedReads[phase] > 0 {
                        return CounterValue(event: event.name, unit: event.unit, value: nil,
                                            reason: "\(failedReads[phase]) counter reads failed in this phase")
                    }
                    return CounterValue(event: event.name, unit: event.unit,
                                        value: totals[phase * set.countingCount + slot], reason: nil)
                }
            }
            return CounterPhaseReport(phase: names[phase], occurrences: occurrences[phase], counters: values)
        }
    }
}
