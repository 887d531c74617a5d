/// Whether an event of a counter set counts on this machine, and if not, the library's reason.
public enum CounterStatus: Equatable, Sendable {
    /// Counting; its value is at `slot` of the set's readings.
    case counting(slot: Int)
    /// Not countable here, with the library's reason (PAPI_strerror) or why counters are off.
    case unavailable(reason: String)

    /// The reason, nil when counting.
    public var reason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}
