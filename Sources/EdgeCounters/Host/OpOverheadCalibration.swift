import EdgeKernels
import EdgeRuntime
import Synchronization

/// Time of an empty op through the runtime's thread pool: one chunk per thread, each doing nothing but waiting for
/// the others to arrive (so every thread takes part, as in a real op, rather than the first one running every empty
/// chunk before the others wake), fork and join.
public enum OpOverheadCalibration {
    /// The empty job's state: arrivals since the start, and the count the current job waits for.
    private final class Meeting: @unchecked Sendable {
        let arrivals = Atomic<Int>(0)
        var target = 0
    }

    /// Mean seconds per empty job over `runs` jobs (best of 5 batches, wall clock: a job lasts until its last
    /// thread is done, and the process CPU clock would miss a partner thread's time since its last tick).
    public static func secondsPerOp(pool: ThreadPool, runs: Int = 20_000) -> Double {
        let meeting = Meeting()
        var best = Double.infinity
        for _ in 0..<5 {
            let start = OpClock.monotonic.now()
            for _ in 0..<runs {
                meeting.target += pool.count
                pool.run(chunks: pool.count, { context, _, _ in
                    let meeting = Unmanaged<Meeting>.fromOpaque(context).takeUnretainedValue()
                    meeting.arrivals.add(1, ordering: .acquiringAndReleasing)
                    while meeting.arrivals.load(ordering: .acquiring) < meeting.target { ek_cpu_pause() }
                }, context: Unmanaged.passUnretained(meeting).toOpaque())
            }
            best = min(best, Double(OpClock.monotonic.now() - start) / 1e9 / Double(runs))
        }
        return best
    }
}
