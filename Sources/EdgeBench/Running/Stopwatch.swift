import EdgeRuntime
import Foundation

/// Wall-clock and process CPU time since the last lap. CPU time (all threads of the process) hardly moves when
/// other processes share the cores, so it is what `gate` compares by default; wall-clock time is kept beside it.
struct Stopwatch {
    private var wall: ContinuousClock.Instant
    private var cpu: Double

    init() {
        wall = ContinuousClock.now
        cpu = Self.processCPUSeconds()
    }

    /// Starts a new lap now.
    mutating func restart() { self = Stopwatch() }

    /// Seconds since the last lap (or start), and starts the next lap.
    mutating func lap() -> (wall: Double, cpu: Double) {
        let now = Stopwatch()
        defer { self = now }
        return ((now.wall - wall).seconds, now.cpu - cpu)
    }

    /// CPU seconds used by every thread of this process (`CLOCK_PROCESS_CPUTIME_ID`).
    static func processCPUSeconds() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

    /// CPU seconds used by the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
    static func threadCPUSeconds() -> Double { seconds(CLOCK_THREAD_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
