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
