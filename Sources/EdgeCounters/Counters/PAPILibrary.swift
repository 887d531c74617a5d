import CPAPI

/// PAPI 7 as a `CounterLibrary`: event sets count the calling thread in every domain PAPI allows (user and
/// kernel, so context switches count when the process may see kernel events).
public final class PAPILibrary: CounterLibrary, @unchecked Sendable {
    public let name: String
    public let hardwareCounterSlots: Int
    /// Why PAPI's CPU component (perf_event) is disabled, nil when it is enabled.
    public let cpuComponentDisabled: String?

    private init(version: Int32) {
        let major = (version >> 24) & 0xff, minor = (version >> 16) & 0xff
        let revision = (version >> 8) & 0xff, increment = version & 0xff
        name = "PAPI \(major).\(minor).\(revision).\(increment)"
        // Component 0 is perf_event on Linux; it reports the PMU's general-purpose counters (0 or a guess in a VM).
        hardwareCounterSlots = Int(max(PAPI_num_cmp_hwctrs(0), 0))
        if let info = PAPI_get_component_info(0), info.pointee.disabled != 0 {
            let reason = withUnsafeBytes(of: info.pointee.disabled_reason) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            cpuComponentDisabled = "PAPI's perf_event component is disabled: \(reason)"
        } else {
            cpuComponentDisabled = nil
        }
        _ = PAPI_set_domain(CPAPI_DOM_ALL)
    }

    /// The process's PAPI, initialised once; the error carries PAPI's reason when `PAPI_library_init` fails.
    public static let shared: Result<PAPILibrary, CounterError> = {
        let version = PAPI_library_init(CPAPI_VER_CURRENT)
        guard version == CPAPI_VER_CURRENT else {
            let reason = version < 0 ? String(cString: PAPI_strerror(version))
                : "library version \(version) differs from the headers' \(CPAPI_VER_CURRENT)"
            return .failure(CounterError(code: version, reason: "PAPI_library_init failed: \(reason)"))
        }
        _ = PAPI_multiplex_init()
        return .success(PAPILibrary(version: version))
    }()

    public func makeEventSet(multiplexed: Bool) throws(CounterError) -> any CounterEventSet {
        try PAPIEventSet(multiplexed: multiplexed)
    }

    /// PAPI's reason string for a return code.
    static func error(_ code: Int32, _ call: String) -> CounterError {
        let text = PAPI_strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return CounterError(code: code, reason: "\(call): \(text)")
    }
}

/// One PAPI event set.
final class PAPIEventSet: CounterEventSet {
    private var handle: Int32 = PAPI_NULL
    private var running = false
    private var added = 0

    init(multiplexed: Bool) throws(CounterError) {
        let created = PAPI_create_eventset(&handle)
        guard created == PAPI_OK else { throw PAPILibrary.error(created, "PAPI_create_eventset") }
        if multiplexed {
            let assigned = PAPI_assign_eventset_component(handle, 0)
            guard assigned == PAPI_OK else { throw PAPILibrary.error(assigned, "PAPI_assign_eventset_component") }
            let set = PAPI_set_multiplex(handle)
            guard set == PAPI_OK else { throw PAPILibrary.error(set, "PAPI_set_multiplex") }
        }
    }

    deinit {
        stop()
        _ = PAPI_cleanup_eventset(handle)
        _ = PAPI_destroy_eventset(&handle)
    }

    func add(_ event: String) throws(CounterError) {
        let rc = PAPI_add_named_event(handle, event)
        guard rc == PAPI_OK else { throw PAPILibrary.error(rc, "PAPI_add_named_event(\(event))") }
        added += 1
    }

    func start() throws(CounterError) {
        let started = PAPI_start(handle)
        guard started == PAPI_OK else { throw PAPILibrary.error(started, "PAPI_start") }
        running = true
    }

    func read(into values: UnsafeMutablePointer<Int64>) throws(CounterError) {
        let read = PAPI_read(handle, values)
        guard read == PAPI_OK else { throw PAPILibrary.error(read, "PAPI_read") }
    }

    func stop() {
        guard running else { return }
        var discard = [Int64](repeating: 0, count: max(added, 1))
        _ = PAPI_stop(handle, &discard)
        running = false
    }
}
