@testable import EdgeReports
import Testing

@Suite struct ChartScaleTests {
    @Test func linearTicksAreNiceStepsFromZeroPastTheMaximum() {
        // 47 / 5 ticks = 9.4 → the next of 1, 2, 2.5, 5 × 10ⁿ is 10: ticks 0, 10, …, 50.
        let scale = ChartScale.linear(maximum: 47, start: 0, end: 100)
        #expect(scale.ticks == [0, 10, 20, 30, 40, 50])
        #expect(scale.position(25) == 50)
        // 1.1 / 5 = 0.22 → 0.25: labels need two decimals.
        let small = ChartScale.linear(maximum: 1.1, start: 0, end: 100)
        #expect(small.ticks.map(small.label) == ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25"])
    }

    @Test func logarithmicTicksAreWholeDecades() {
        let scale = ChartScale.logarithmic(minimum: 0.3, maximum: 400, start: 0, end: 400)
        #expect(scale.ticks == [0.1, 1, 10, 100, 1000])
        #expect(scale.ticks.map(scale.label) == ["0.1", "1", "10", "100", "1000"])
        // 4 decades over 400 units: 10 sits one decade (100 units) above 1.
        #expect(abs(scale.position(10) - 200) < 1e-9)
        #expect(ChartScale.logarithmic(minimum: 1e5, maximum: 2e6, start: 0, end: 1).ticks.map {
            ChartScale.logarithmic(minimum: 1e5, maximum: 2e6, start: 0, end: 1).label($0)
        } == ["1e5", "1e6", "1e7"])
    }
}
