@testable import EdgeCounters
import EdgeModel
import Testing

@Suite struct ComputeCalibrationTests {
    /// The matrix-vector calibration gives each thread the 1-thread model's gate+up matrices (2 × 256 rows × 512
    /// columns): with 2 threads the FFN is 512 wide, so each thread's half is 2 × 256 × 512 weights (1 MiB in f32), as
    /// at 1 thread, in rows of a small model's width.
    @Test func matvecModelGivesEachThreadTheOneThreadShare() {
        for threads in [1, 2, 4] {
            let c = ComputeCalibration.config(.f32, threads: threads)
            #expect(c.ffnHidden == 256 * threads && c.dim == 512)
            #expect(2 * c.ffnHidden * c.dim * 4 / threads == 1 << 20)
        }
    }
}
