import Testing
@testable import EdgeRuntime

struct ThreadPoolTests {
    @Test(arguments: [1, 2, 4])
    func everyThreadRunsEachJobOnce(threads: Int) {
        let pool = ThreadPool(threads: threads)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: threads + 1)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: threads + 1)
        for _ in 0..<100 {
            pool.run({ context, index, count in
                let counts = context.assumingMemoryBound(to: Int.self)
                counts[index] += 1
                if index == 0 { counts[count] = count }
            }, context: UnsafeMutableRawPointer(counts))
        }
        #expect((0..<threads).allSatisfy { counts[$0] == 100 })
        #expect(counts[threads] == threads)
    }

    @Test func rowSharesCoverEveryRowOnce() {
        for rows in [1, 5, 64, 1000] {
            for count in 1...3 {
                let shares = (0..<count).map { ModelRuntime.share(rows: rows, index: $0, of: count) }
                #expect(shares.first?.0 == 0 && shares.last?.1 == rows)
                #expect(zip(shares, shares.dropFirst()).allSatisfy { $0.1 == $1.0 })
            }
        }
    }
}
