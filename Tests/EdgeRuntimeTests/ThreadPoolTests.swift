import EdgeKernels
import Synchronization
import Testing
@testable import EdgeRuntime

struct ThreadPoolTests {
    /// Per-chunk run counts and the highest thread index seen.
    final class Tally: @unchecked Sendable {
        let runs: UnsafeMutablePointer<Atomic<Int>>
        let maxThread = Atomic<Int>(0)
        let chunks: Int
        init(chunks: Int) {
            self.chunks = chunks
            runs = .allocate(capacity: chunks)
            for i in 0..<chunks { (runs + i).initialize(to: Atomic(0)) }
        }
        deinit { runs.deallocate() }
    }

    @Test(arguments: [1, 2, 4])
    func everyChunkRunsExactlyOnce(threads: Int) {
        let pool = ThreadPool(threads: threads)
        for chunks in [1, 3, 100, 1000] {
            let tally = Tally(chunks: chunks)
            for _ in 0..<20 {
                pool.run(chunks: chunks, { context, chunk, thread in
                    let tally = Unmanaged<Tally>.fromOpaque(context).takeUnretainedValue()
                    tally.runs[chunk].add(1, ordering: .relaxed)
                    tally.maxThread.max(thread, ordering: .relaxed)
                }, context: Unmanaged.passUnretained(tally).toOpaque())
            }
            #expect((0..<chunks).allSatisfy { tally.runs[$0].load(ordering: .relaxed) == 20 })
            #expect(tally.maxThread.load(ordering: .relaxed) < threads)
        }
    }

    /// The caller's and all threads' chunks, over the jobs with at least as many chunks as threads: a 1-chunk job
    /// counts nothing; a 2-chunk job whose chunks wait for each other runs one chunk on each thread (the caller could
    /// not finish both), so the caller ran exactly 1 of 2.
    @Test func chunkCountsSplitTheCallersShare() {
        let pool = ThreadPool(threads: 2)
        let started = Atomic<Int>(0)
        pool.run(chunks: 1, { _, _, _ in }, context: Unmanaged.passUnretained(pool).toOpaque())
        #expect(pool.chunkCounts == ThreadPool.ChunkCounts(caller: 0, all: 0))
        withUnsafePointer(to: started) { pointer in
            pool.run(chunks: 2, { context, _, _ in
                let started = context.assumingMemoryBound(to: Atomic<Int>.self)
                started.pointee.add(1, ordering: .sequentiallyConsistent)
                while started.pointee.load(ordering: .sequentiallyConsistent) < 2 { ek_cpu_pause() }
            }, context: UnsafeMutableRawPointer(mutating: pointer))
        }
        #expect(pool.chunkCounts == ThreadPool.ChunkCounts(caller: 1, all: 2))
        pool.run(chunks: 100, { _, _, _ in }, context: Unmanaged.passUnretained(pool).toOpaque())
        #expect(pool.chunkCounts.all == 102 && (1...101).contains(pool.chunkCounts.caller))
        // One thread runs every chunk itself and counts none.
        let single = ThreadPool(threads: 1)
        single.run(chunks: 10, { _, _, _ in }, context: Unmanaged.passUnretained(single).toOpaque())
        #expect(single.chunkCounts == ThreadPool.ChunkCounts(caller: 0, all: 0))
    }

    @Test func matmulSharesCoverEveryRowOnceInWholeStrips() {
        // 1000 rows = 32 strips of 32 (the last of 8 rows); share i starts at strip ⌊32·i/parts⌋: 2 shares at
        // strips 0 and 16 (row 512), 3 at strips 0, 10 and 21 (row 672).
        let half = MatmulGroup.rows(of: 0, parts: 2, in: 1000), third = MatmulGroup.rows(of: 2, parts: 3, in: 1000)
        #expect(half.0 == 0 && half.1 == 512 && third.0 == 672 && third.1 == 1000)
        for rows in [1, 31, 32, 33, 192, 1000] {
            for parts in [1, 2, 3] {
                let ranges = (0..<parts).map { MatmulGroup.rows(of: $0, parts: parts, in: rows) }
                #expect(ranges.first?.0 == 0 && ranges.last?.1 == rows)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.1 == $1.0 })
                #expect(ranges.allSatisfy { $0.0 <= $0.1 && ($0.0 % 32 == 0 || $0.0 == rows) })
            }
        }
    }
}
