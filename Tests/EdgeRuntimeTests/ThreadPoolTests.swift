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

    @Test func matmulChunksCoverEveryRowOnce() {
        for rows in [1, 31, 32, 33, 1000] {
            let chunks = MatmulGroup.chunks(rows: rows)
            let ranges = (0..<chunks).map { MatmulGroup.rows(of: $0, in: rows) }
            #expect(ranges.first?.0 == 0 && ranges.last?.1 == rows)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.1 == $1.0 })
        }
    }
}
