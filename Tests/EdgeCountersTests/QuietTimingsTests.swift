@testable import EdgeCounters
import Testing

@Suite struct QuietTimingsTests {
    /// The figure is the fastest undisturbed timing even when a disturbed one is faster (a parallel op whose caller
    /// yielded its core undercounts on its CPU clock); with none undisturbed, the fastest of all. Spread: (median −
    /// fastest) ÷ fastest of the undisturbed, sorted [100, 110, 150] → (110 − 100) ÷ 100 = 0.1.
    @Test func fastestUndisturbedElseFastestOfAll() {
        var timings = QuietTimings()
        #expect(timings.best == nil && timings.spread == nil)
        timings.add(200, disturbed: true)
        #expect(timings.best == 200 && timings.spread == nil)
        timings.add(150, disturbed: false)
        timings.add(40, disturbed: true)
        timings.add(110, disturbed: false)
        timings.add(100, disturbed: false)
        #expect(timings.best == 100)
        #expect(timings.count == 5)
        #expect(abs((timings.spread ?? 0) - 0.1) < 1e-12)
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
