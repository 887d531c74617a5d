import EdgeRuntime

/// Whether a timing ran with every thread it asked for on its own core: no thread of the process was preempted
/// (`Preemptions`), and the thread pool split its jobs — its caller ran no more than halfway from its fair share
/// (1 ÷ threads) to all of the chunks. A pool worker that did not get a core in time (asleep, or runnable while
/// another process held the core) is never preempted, so only the split shows it; its ops then ran at about the
/// 1-thread rate.
public struct Disturbance {
    let pool: ThreadPool?
    let preemptions: Int
    let chunks: ThreadPool.ChunkCounts

    /// Starts watching, before the timing; `pool`: the runtime's pool, nil for a timing that runs none.
    public init(pool: ThreadPool?) {
        self.pool = pool
        preemptions = Preemptions.count()
        chunks = pool?.chunkCounts ?? .init()
    }

    /// After the timing: true when a thread was preempted or the pool's jobs were not split.
    public var disturbed: Bool {
        Preemptions.count() != preemptions || !Self.split(since: chunks, now: pool?.chunkCounts ?? .init(),
                                                          threads: pool?.count ?? 1)
    }

    /// The caller's share of the chunks run between `since` and `now` is at most halfway from 1 ÷ `threads` to 1
    /// (true when no job with enough chunks ran).
    static func split(since: ThreadPool.ChunkCounts, now: ThreadPool.ChunkCounts, threads: Int) -> Bool {
        let caller = now.caller - since.caller, all = now.all - since.all
        guard threads > 1, all > 0 else { return true }
        return 2 * Double(caller) <= Double(all) * (1 + 1 / Double(threads))
    }
}
