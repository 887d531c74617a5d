@testable import EdgeCounters
import EdgeKernels
import EdgeRuntime
import Testing

/// The bandwidth sweep's read kernel (EdgeKernels read_sweep.c) on every path this CPU runs, and the sweep's
/// bookkeeping around it.
@Suite struct ReadKernelTests {
    /// 1024 bytes (two EK_READ_BLOCKs) of floats i % 8: each pass sums 256 / 8 × (0 + 1 + … + 7) = 32 × 28 = 896;
    /// 3 passes 2688 (exact in float).
    @Test func everyPathSumsWhatItReads() throws {
        let floats = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 64).bindMemory(to: Float.self, capacity: 256)
        defer { floats.deallocate() }
        for i in 0..<256 { floats[i] = Float(i % 8) }
        let paths = [EK_PATH_PORTABLE, EK_PATH_AVX2, EK_PATH_AVX512, EK_PATH_NEON, EK_PATH_NEON_DOTPROD]
        let kernels = paths.compactMap { ek_read_sum_for($0) }
        #expect(kernels.count == paths.filter { ek_path_supported($0) != 0 }.count)
        for kernel in kernels + [ek_read_sum()] {
            #expect(kernel(floats, 1024, 1) == 896)
            #expect(kernel(floats, 1024, 3) == 2688)
            #expect(kernel(floats, 512, 1) == 448)
        }
    }

    /// A 256 KiB sweep with 2 threads: sizes beyond the buffer (repeated reads) or beyond a quarter of it (reused
    /// once: a cold block needs room to move) are left out; the rest get a positive rate at the pool's threads.
    @Test func sweepKeepsTheSizesItCanMeasure() {
        let sweep = ReadSweep(maxBytes: 256 << 10, threads: 2)
        let pool = ThreadPool(threads: 2)
        let repeated = sweep.measure(sizes: [8 << 10, 16 << 10, 1 << 20], pool: pool, bytesPerTiming: 1 << 20, repeats: 1)
        #expect(repeated.map(\.bytes) == [8 << 10, 16 << 10])
        let once = sweep.measureReusedOnce(sizes: [8 << 10, 64 << 10, 128 << 10], pool: pool, blocks: 2)
        #expect(once.map(\.bytes) == [8 << 10, 64 << 10])
        for point in repeated + once {
            #expect(point.threads == 2)
            #expect(point.bytesPerSecond > 0)
        }
    }
}
