import CPerfEvent
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's perf_event_open(2), one file descriptor per event, for the calling thread (user and kernel domains).
///
/// PAPI's perf_event component disables itself when libpfm4 does not know the CPU model (Debian 12's libpfm4 on
/// these VMs' family 6 model 207: "Error libpfm4 no default PMU found"), although the kernel still counts its
/// software events. `PAPIWithPerfFallback` uses this for the events PAPI refuses.
public final class PerfEventLibrary: CounterLibrary {
    public let name = "perf_event_open"
    public let hardwareCounterSlots = 0

    public init() {}

    public func makeEventSet(multiplexed: Bool) throws(CounterError) -> any CounterEventSet { PerfEventSet() }

    /// (perf type, config) of the PAPI and perf:: names EdgeProf uses, nil for an event with no generic mapping.
    static func code(for event: String) -> (type: UInt32, config: UInt64)? {
        let l1dReadMiss = UInt64(PERF_COUNT_HW_CACHE_L1D.rawValue) | UInt64(PERF_COUNT_HW_CACHE_OP_READ.rawValue) << 8
            | UInt64(PERF_COUNT_HW_CACHE_RESULT_MISS.rawValue) << 16
        let llReadMiss = UInt64(PERF_COUNT_HW_CACHE_LL.rawValue) | UInt64(PERF_COUNT_HW_CACHE_OP_READ.rawValue) << 8
            | UInt64(PERF_COUNT_HW_CACHE_RESULT_MISS.rawValue) << 16
        let software = PERF_TYPE_SOFTWARE.rawValue, hardware = PERF_TYPE_HARDWARE.rawValue
        let cache = PERF_TYPE_HW_CACHE.rawValue
        switch event.uppercased() {
        case "PERF::TASK-CLOCK": return (software, UInt64(PERF_COUNT_SW_TASK_CLOCK.rawValue))
        case "PERF::CPU-CLOCK": return (software, UInt64(PERF_COUNT_SW_CPU_CLOCK.rawValue))
        case "PERF::PAGE-FAULTS": return (software, UInt64(PERF_COUNT_SW_PAGE_FAULTS.rawValue))
        case "PERF::MINOR-FAULTS": return (software, UInt64(PERF_COUNT_SW_PAGE_FAULTS_MIN.rawValue))
        case "PERF::MAJOR-FAULTS": return (software, UInt64(PERF_COUNT_SW_PAGE_FAULTS_MAJ.rawValue))
        case "PERF::CONTEXT-SWITCHES": return (software, UInt64(PERF_COUNT_SW_CONTEXT_SWITCHES.rawValue))
        case "PERF::CPU-MIGRATIONS": return (software, UInt64(PERF_COUNT_SW_CPU_MIGRATIONS.rawValue))
        case "PAPI_TOT_CYC", "PERF::CYCLES": return (hardware, UInt64(PERF_COUNT_HW_CPU_CYCLES.rawValue))
        case "PAPI_TOT_INS", "PERF::INSTRUCTIONS": return (hardware, UInt64(PERF_COUNT_HW_INSTRUCTIONS.rawValue))
        case "PAPI_L3_TCM", "PERF::CACHE-MISSES": return (hardware, UInt64(PERF_COUNT_HW_CACHE_MISSES.rawValue))
        case "PAPI_L1_DCM", "PERF::L1-DCACHE-LOAD-MISSES": return (cache, l1dReadMiss)
        case "PERF::LLC-LOAD-MISSES": return (cache, llReadMiss)
        default: return nil
        }
    }
}

/// Counters opened one fd each; start resets and enables them, reads scale by time enabled / running.
final class PerfEventSet: CounterEventSet {
    private var descriptors: [Int32] = []

    deinit { for fd in descriptors { close(fd) } }

    func add(_ event: String) throws(CounterError) {
        guard let code = PerfEventLibrary.code(for: event) else {
            throw CounterError(code: 0, reason: "perf_event_open: no generic perf event for \(event)")
        }
        let fd = cperf_open(code.type, code.config)
        guard fd >= 0 else { throw CounterError(code: fd, reason: "perf_event_open: " + String(cString: strerror(-fd))) }
        descriptors.append(fd)
    }

    func start() throws(CounterError) {
        for fd in descriptors {
            let rc = cperf_enable(fd, 1)
            guard rc == 0 else { throw CounterError(code: rc, reason: "perf_event enable: " + String(cString: strerror(-rc))) }
        }
    }

    func read(into values: UnsafeMutablePointer<Int64>) throws(CounterError) {
        for (i, fd) in descriptors.enumerated() {
            var value: Int64 = 0
            let rc = cperf_read(fd, &value)
            guard rc == 0 else { throw CounterError(code: rc, reason: "perf_event read: " + String(cString: strerror(-rc))) }
            values[i] = value
        }
    }

    func stop() { for fd in descriptors { _ = cperf_enable(fd, 0) } }
}
