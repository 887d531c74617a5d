/// Why a counter library, an event set or one event cannot count: the library's own error code and reason string.
public struct CounterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The library's return code (PAPI's negative error codes), 0 when the failure is not the library's.
    public var code: Int32
    /// The library's reason (`PAPI_strerror`), or EdgeProf's own words.
    public var reason: String

    public init(code: Int32, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }
}

/// A counting library (PAPI, or a fake in tests): it makes event sets for the calling thread.
public protocol CounterLibrary: AnyObject {
    /// Library and version, for reports (`PAPI 7.0.0.0`).
    var name: String { get }
    /// Hardware events the PMU counts at once; more than this in one set need multiplexing.
    var hardwareCounterSlots: Int { get }
    /// A new, empty event set counting the calling thread; `multiplexed` time-shares the hardware counters.
    func makeEventSet(multiplexed: Bool) throws(CounterError) -> any CounterEventSet
}

/// The events of one set, counted together between `start` and `stop`.
public protocol CounterEventSet: AnyObject {
    /// Adds one event by name; throws the library's reason when this machine cannot count it.
    func add(_ event: String) throws(CounterError)
    /// Starts counting the events added so far (counts start at 0).
    func start() throws(CounterError)
    /// Writes the running count of every added event, in the order added, to `values` (no allocation).
    func read(into values: UnsafeMutablePointer<Int64>) throws(CounterError)
    /// Stops counting; further reads are not allowed.
    func stop()
}
