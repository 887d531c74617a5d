/// Requested events counted together on the calling thread: each is either counting or unavailable with the
/// library's reason. Reads go into preallocated storage, so a read allocates nothing.
public final class CounterSet {
    /// The events asked for, in order.
    public let events: [CounterEvent]
    /// Per event: its slot in a reading, or why it is not counted.
    public let statuses: [CounterStatus]
    /// True when the set time-shares the hardware counters (more hardware events than a PMU's slots): the library
    /// scales each count up from the fraction of time it was scheduled, so values are estimates.
    public let multiplexed: Bool
    /// Library name and version (or the reason counters are off).
    public let library: String
    /// Events that count (slots in a reading).
    public let countingCount: Int
    private let eventSet: (any CounterEventSet)?
    private let scratch: UnsafeMutablePointer<Int64>

    /// Adds every event of `events` to one event set of `library` and starts it. An event the library refuses is
    /// marked unavailable with its reason; if the set cannot be made or started, every event is.
    public init(library: any CounterLibrary, events: [CounterEvent]) {
        self.events = events
        self.library = library.name
        let hardware = events.filter { !$0.isSoftware }.count
        let multiplex = library.hardwareCounterSlots > 0 && hardware > library.hardwareCounterSlots
        var statuses: [CounterStatus] = []
        var set: (any CounterEventSet)?
        var slots = 0
        do {
            let made = try library.makeEventSet(multiplexed: multiplex)
            for event in events {
                do {
                    try made.add(event.libraryName)
                    statuses.append(.counting(slot: slots))
                    slots += 1
                } catch {
                    statuses.append(.unavailable(reason: error.reason))
                }
            }
            if slots > 0 {
                try made.start()
                set = made
            }
        } catch {
            statuses = events.map { _ in .unavailable(reason: error.reason) }
            slots = 0
            set = nil
        }
        self.statuses = statuses
        multiplexed = multiplex && slots > 0
        countingCount = slots
        eventSet = set
        scratch = .allocate(capacity: max(slots, 1))
    }

    /// A set in which every event is unavailable for `reason` (counters off, library missing).
    public init(off reason: String, events: [CounterEvent]) {
        self.events = events
        library = "off"
        statuses = events.map { _ in .unavailable(reason: reason) }
        multiplexed = false
        countingCount = 0
        eventSet = nil
        scratch = .allocate(capacity: 1)
    }

    deinit {
        eventSet?.stop()
        scratch.deallocate()
    }

    /// Writes the running counts of the counting events (slot order) to `values`; false if the read failed.
    @discardableResult
    public func read(into values: UnsafeMutablePointer<Int64>) -> Bool {
        guard let eventSet else { return countingCount == 0 }
        do {
            try eventSet.read(into: values)
            return true
        } catch {
            return false
        }
    }
}
