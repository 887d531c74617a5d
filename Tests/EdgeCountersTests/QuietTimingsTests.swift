@testable import EdgeCounters
import Testing

@Suite struct QuietTimingsTests {
    /// The figure is the fastest undisturbed timing even when a disturbed one is faster (a parallel op whose caller
    /// yielded its core undercounts on its CPU clock); with none undisturbed, the fastest of all.
    @Test func fastestUndisturbedElseFastestOfAll() {
        var timings = QuietTimings()
        #expect(timings.best == nil)
        timings.add(200, disturbed: true)
        #expect(timings.best == 200)
        timings.add(150, disturbed: false)
        timings.add(40, disturbed: true)
        timings.add(110, disturbed: false)
        timings.add(100, disturbed: false)
        #expect(timings.best == 100)
        #expect(timings.count == 5)
    }

    /// Validation's per-step choice follows the same rule over samples of one decode step.
    @Test func validationTakesTheFastestUndisturbedSample() {
        func sample(_ seconds: Double, _ disturbed: Bool) -> Validation.Sample {
            Validation.Sample(seconds: seconds, wall: seconds, kinds: [], disturbed: disturbed)
        }
        #expect(Validation.best([sample(0.004, true), sample(0.009, false), sample(0.007, false)]).seconds == 0.007)
        #expect(Validation.best([sample(0.004, true), sample(0.003, true)]).seconds == 0.003)
    }

    /// Timings run until `repeats` were undisturbed, never more than 3 × repeats in all.
    @Test func quietTimingsStopAtRepeatsOrThreeTimesThem() {
        var calls = 0
        let timings = ComputeCalibration.quietTimings(repeats: 4) { calls += 1; return UInt64(calls) }
        #expect(calls == timings.count)
        #expect(timings.quiet.count == 4 || calls == 12, "\(timings)")
        #expect(calls >= 4 && calls <= 12)
    }
}
