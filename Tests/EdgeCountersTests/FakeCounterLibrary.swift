import EdgeCounters

/// A scripted counter library: each known event counts up by a fixed step per read; unknown events fail to add
/// with PAPI's wording; it can refuse to make sets (init failure) and records whether a set was multiplexed.
final class FakeCounterLibrary: CounterLibrary {
    let name = "fake 1.0"
    let hardwareCounterSlots: Int
    /// Count added per read, by event name; events not listed cannot be added.
    let steps: [String: Int64]
    /// When set, making an event set fails with this error.
    let failure: CounterError?
    private(set) var multiplexedSets = 0

    init(slots: Int = 4, steps: [String: Int64], failure: CounterError? = nil) {
        hardwareCounterSlots = slots
        self.steps = steps
        self.failure = failure
    }

    func makeEventSet(multiplexed: Bool) throws(CounterError) -> any CounterEventSet {
        if let failure { throw failure }
        if multiplexed { multiplexedSets += 1 }
        return FakeEventSet(steps: steps)
    }
}

/// The fake's event set: the i-th read of an event with step s returns i × s.
final class FakeEventSet: CounterEventSet {
    let steps: [String: Int64]
    private var added: [Int64] = []
    private var reads: Int64 = 0
    private var started = false

    init(steps: [String: Int64]) { self.steps = steps }

    func add(_ event: String) throws(CounterError) {
        guard let step = steps[event] else {
            throw CounterError(code: -7, reason: "PAPI_add_named_event(\(event)): Event does not exist")
        }
        added.append(step)
    }

    func start() throws(CounterError) { started = true }

    func read(into values: UnsafeMutablePointer<Int64>) throws(CounterError) {
        guard started else { throw CounterError(code: -9, reason: "not running") }
        reads += 1
        for (i, step) in added.enumerated() { values[i] = reads * step }
    }

    func stop() { started = false }
}
