import EdgeRuntime

/// Time of an empty op through the runtime's thread pool: one chunk per thread doing nothing, fork and join.
public enum OpOverheadCalibration {
    /// Mean seconds per empty job over `runs` jobs (best of 5 batches, the calling thread's CPU time).
    public static func secondsPerOp(pool: ThreadPool, runs: Int = 20_000) -> Double {
        final class Empty: @unchecked Sendable { var hits = 0 }
        let empty = Empty()
        var best = Double.infinity
        for _ in 0..<5 {
            let start = OpClock.threadCPU.now()
            for _ in 0..<runs {
                pool.run(chunks: pool.count, { _, _, _ in }, context: Unmanaged.passUnretained(empty).toOpaque())
            }
            best = min(best, Double(OpClock.threadCPU.now() - start) / 1e9 / Double(runs))
        }
        return best
    }
}
