import EdgeRuntime

/// Time of an empty op through the runtime's thread pool: one chunk per thread, each doing nothing but meeting the
/// others (`StartBarrier`: every thread takes part, as in a real op, rather than the first one running every empty
/// chunk before the others wake), fork and join.
public enum OpOverheadCalibration {
    /// Mean seconds per empty job over `runs` jobs (best of 5 batches, wall clock: a job lasts until its last
    /// thread is done, and the process CPU clock would miss a partner thread's time since its last tick).
    public static func secondsPerOp(pool: ThreadPool, runs: Int = 20_000) -> Double {
        let barrier = StartBarrier()
        var best = Double.infinity
        for _ in 0..<5 {
            let start = OpClock.monotonic.now()
            for _ in 0..<runs {
                barrier.target += pool.count
                pool.run(chunks: pool.count, { context, _, _ in
                    Unmanaged<StartBarrier>.fromOpaque(context).takeUnretainedValue().arriveAndWait()
                }, context: Unmanaged.passUnretained(barrier).toOpaque())
            }
            best = min(best, Double(OpClock.monotonic.now() - start) / 1e9 / Double(runs))
        }
        return best
    }
}
