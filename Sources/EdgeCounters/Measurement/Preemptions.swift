#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times this process's threads were taken off their cores while runnable: the involuntary context switches of
/// every thread of the process (getrusage RUSAGE_SELF `ru_nivcsw`, which Linux sums over the threads and counts at
/// the switch itself, so it is exact at any moment — unlike the process CPU clock, which adds another thread's time
/// only at its scheduler ticks). A timing across which it did not change ran with every thread on its core
/// throughout: another process preempting one of them, or the thread pool's caller yielding its core to one while
/// it waits for a partner, each count one. A thread that sleeps (a pool worker idle between jobs) switches
/// voluntarily and does not count.
public enum Preemptions {
    /// The count so far (0 where getrusage fails: every timing then counts as undisturbed).
    public static func count() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        #else
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        #endif
        return Int(usage.ru_nivcsw)
    }
}

/// Repeated timings of one quantity, each marked undisturbed or not (`Preemptions`): the figure is the fastest
/// undisturbed one, or the fastest of all when every one was disturbed.
public struct QuietTimings: Sendable, Equatable {
    /// Nanoseconds of the undisturbed timings and of the disturbed ones.
    public private(set) var quiet: [UInt64] = []
    public private(set) var disturbed: [UInt64] = []

    public init() {}

    /// Records one timing of `nanoseconds`, `disturbed` when a thread was preempted while it ran.
    public mutating func add(_ nanoseconds: UInt64, disturbed: Bool) {
        if disturbed { self.disturbed.append(nanoseconds) } else { quiet.append(nanoseconds) }
    }

    /// The fastest undisturbed timing, else the fastest of all; nil with none.
    public var best: UInt64? { quiet.min() ?? disturbed.min() }

    /// Timings recorded.
    public var count: Int { quiet.count + disturbed.count }
}
