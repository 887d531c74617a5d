@testable import EdgeCounters
import EdgeRuntime
import Synchronization
import Testing

@Suite struct DisturbanceTests {
    /// Split: the caller's share of the chunks is at most halfway from 1 ÷ threads to 1 — 75% with 2 threads, 62.5%
    /// with 4; no chunks, or one thread, says nothing against the timing.
    @Test func callerShareThreshold() {
        func split(_ caller: Int, of all: Int, threads: Int) -> Bool {
            Disturbance.split(since: .init(caller: 10, all: 40), now: .init(caller: 10 + caller, all: 40 + all),
                              threads: threads)
        }
        #expect(split(50, of: 100, threads: 2) && split(75, of: 100, threads: 2) && !split(76, of: 100, threads: 2))
        #expect(!split(100, of: 100, threads: 2))
        #expect(split(62, of: 100, threads: 4) && !split(63, of: 100, threads: 4))
        #expect(split(0, of: 0, threads: 2) && split(100, of: 100, threads: 1))
    }

    /// A timing over a job the pool's two threads shared (each of its 2 chunks waits for the other, so each thread
    /// ran one) is disturbed only when the process was preempted meanwhile.
    @Test func sharedJobIsUndisturbedUnlessPreempted() {
        let pool = ThreadPool(threads: 2)
        let started = Atomic<Int>(0)
        let preempted = Preemptions.count()
        let watch = Disturbance(pool: pool)
        withUnsafePointer(to: started) { pointer in
            pool.run(chunks: 2, { context, _, _ in
                let started = context.assumingMemoryBound(to: Atomic<Int>.self)
                started.pointee.add(1, ordering: .sequentiallyConsistent)
                while started.pointee.load(ordering: .sequentiallyConsistent) < 2 {}
            }, context: UnsafeMutableRawPointer(mutating: pointer))
        }
        let disturbed = watch.disturbed
        #expect(pool.chunkCounts == ThreadPool.ChunkCounts(caller: 1, all: 2))
        #expect(!disturbed || Preemptions.count() != preempted, "the split job alone marks nothing")
    }
}
