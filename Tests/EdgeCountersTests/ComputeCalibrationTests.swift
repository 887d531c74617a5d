@testable import EdgeCounters
import EdgeModel
import Testing

@Suite struct ComputeCalibrationTests {
    /// The matrix-vector calibration gives each thread the 1-thread model's gate+up matrices (2 × 512 × 256): with 2
    /// threads the FFN is 1024 wide, so each thread's half is 2 × 512 × 256 weights (1 MiB in f32), as at 1 thread.
    @Test func matvecModelGivesEachThreadTheOneThreadShare() {
        for threads in [1, 2, 4] {
            let c = ComputeCalibration.config(.f32, threads: threads)
            #expect(c.ffnHidden == 512 * threads)
            #expect(2 * c.ffnHidden * c.dim * 4 / threads == 1 << 20)
        }
    }
}
