@testable import EdgeBench
import Testing

/// Expected values from SciPy 1.17.1: `scipy.stats.mannwhitneyu(x, y, alternative="two-sided")` (method "auto").
struct MannWhitneyUTests {
    @Test func exactSeparatedSamples() throws {
        // By hand: U1 = 0, and of C(10, 5) = 252 equally likely rank arrangements one gives U = 0 and one U = 25,
        // so p = 2/252. SciPy: statistic 0.0, pvalue 0.007936507936507936.
        let t = try #require(MannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
        #expect(t.u1 == 0 && t.exact)
        #expect(abs(t.pValue - 2.0 / 252) < 1e-15)
    }

    @Test func exactOverlappingSamples() throws {
        // SciPy: statistic 4.0, pvalue 0.6285714285714286 (exact: sizes 3 and 4, no ties).
        let a = try #require(MannWhitneyU([1.1, 2.2, 3.3], [0.5, 2.5, 4.0, 5.0]))
        #expect(a.u1 == 4 && a.exact && abs(a.pValue - 0.6285714285714286) < 1e-12)
        // SciPy: statistic 10.0, pvalue 0.6904761904761905.
        let b = try #require(MannWhitneyU([10, 11, 12, 13, 14], [10.5, 11.5, 12.5, 13.5, 14.5]))
        #expect(b.u1 == 10 && abs(b.pValue - 0.6904761904761905) < 1e-12)
        // SciPy: statistic 2.0, pvalue 1.0 (U at the centre: the doubled tail is clipped to 1).
        let c = try #require(MannWhitneyU([3, 1, 2], [1.5]))
        #expect(c.u1 == 2 && c.pValue == 1)
    }

    @Test func normalApproximationWithTies() throws {
        // Ties force the normal approximation with tie and continuity corrections.
        // SciPy: statistic 6.0, pvalue 0.19882894401644247.
        let t = try #require(MannWhitneyU([1, 2, 2, 3, 4], [2, 3, 3, 5, 6]))
        #expect(t.u1 == 6 && !t.exact)
        #expect(abs(t.pValue - 0.19882894401644247) < 1e-12)
    }

    @Test func normalApproximationForLargeSamples() throws {
        // Both sizes above 8: normal approximation. SciPy: statistic 21.0, pvalue 0.031209012771740218.
        let x = (1...10).map(Double.init), y = x.map { $0 + 3.5 }
        let t = try #require(MannWhitneyU(x, y))
        #expect(t.u1 == 21 && !t.exact)
        #expect(abs(t.pValue - 0.031209012771740218) < 1e-12)
    }

    @Test func rejectsEmptyAndNonFiniteSamples() {
        #expect(MannWhitneyU([], [1]) == nil)
        #expect(MannWhitneyU([1, .nan], [1]) == nil)
    }
}
