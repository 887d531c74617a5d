import Foundation

/// The two-sided Mann-Whitney U test (Wilcoxon rank-sum): do two samples come from the same distribution?
///
/// Method as SciPy's `mannwhitneyu(x, y, alternative="two-sided")` with its default `method="auto"`: the exact
/// null distribution when either sample has at most 8 values and there are no ties, otherwise the normal
/// approximation with tie correction and continuity correction (Mann & Whitney 1947; SciPy documentation).
public struct MannWhitneyU: Sendable, Equatable {
    /// U statistic of the first sample: pairs (x, y) with x > y, plus half the ties.
    public var u1: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Whether `pValue` is exact (else the normal approximation).
    public var exact: Bool

    /// Largest sample the test accepts (bounds the exact distribution's table and the rank arrays).
    public static let maxSampleSize = 1000

    /// Tests `x` against `y`; nil when either is empty, larger than `maxSampleSize`, or holds a non-finite value.
    public init?(_ x: [Double], _ y: [Double]) {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0, n1 <= Self.maxSampleSize, n2 <= Self.maxSampleSize,
              x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
        // Midranks of the pooled sample; tie groups of size t contribute t³ − t to the variance correction.
        let pooled = (x.map { ($0, 0) } + y.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var rankSumX = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let midrank = Double(start + end + 2) / 2
            for k in start...end where pooled[k].1 == 0 { rankSumX += midrank }
            let t = Double(end - start + 1)
            tieTerm += t * t * t - t
            start = end + 1
        }
        let a = Double(n1), b = Double(n2)
        u1 = rankSumX - a * (a + 1) / 2
        let u = max(u1, a * b - u1)
        if min(n1, n2) <= 8 && tieTerm == 0 {
            exact = true
            pValue = min(1, 2 * Self.exactUpperTail(u: Int(u.rounded()), min(n1, n2), max(n1, n2)))
        } else {
            exact = false
            let n = a + b
            let sigma = (a * b / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
            let z = sigma > 0 ? (u - a * b / 2 - 0.5) / sigma : 0
            pValue = min(1, max(0, erfc(z / 2.squareRoot())))
        }
    }

    /// P(U ≥ u) under the null hypothesis: the count of rank arrangements with statistic ≥ u over C(n1+n2, n1),
    /// by the recurrence f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u) (Mann & Whitney 1947). The distribution is
    /// symmetric in the two sizes; callers pass the smaller as `n1` to keep the table small.
    static func exactUpperTail(u: Int, _ n1: Int, _ n2: Int) -> Double {
        let maxU = n1 * n2
        // counts[m][u] for the current n, built up over n = 0...n2.
        var counts = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n1 + 1)
        for m in 0...n1 { counts[m][0] = 1 }
        if n2 > 0 {
            for n in 1...n2 {
                var next = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: n1 + 1)
                next[0][0] = 1
                if n1 > 0 {
                    for m in 1...n1 {
                        for v in 0...(m * n) {
                            next[m][v] = counts[m][v] + (v >= n ? next[m - 1][v - n] : 0)
                        }
                    }
                }
                counts = next
            }
        }
        let all = counts[n1].reduce(0, +)
        let tail = counts[n1][max(0, u)...].reduce(0, +)
        return tail / all
    }
}
