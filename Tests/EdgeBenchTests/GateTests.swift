@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

struct GateTests {
    private let definition = BenchCase(id: "c", model: "mobilellm-125m", device: "iphone13", prompt: 8, tokens: 4)

    /// A one-case result; each measured repetition is 10 decode steps of `cpu[i]` CPU seconds and `wall[i]` (default:
    /// the same) wall-clock seconds, so decode tokens/s = 1 / seconds, each followed by a reference step of
    /// `reference[i]` (default 0.01) CPU seconds, so decode per reference pass = reference / cpu; the 8-token prefill
    /// takes `prefill[i]` (default 0.1) CPU seconds.
    private func document(_ figures: [String: Double]?, measured cpu: [Double]? = nil, wall: [Double]? = nil,
                          reference: [Double]? = nil, prefill: [Double]? = nil) -> BenchDocument {
        let host = HostInfo(cpu: "test", cores: 2, operatingSystem: "test")
        let measured = cpu.map { cpu in
            MeasuredFigures(host: host, threads: 1, injectedDecodeSlowdown: nil, repetitions: cpu.indices.map { i in
                MeasuredRepetition(loadSeconds: 1, initSeconds: 1, prefillTokens: 8, prefillSeconds: 0.1,
                                   decodeStepSeconds: Array(repeating: wall?[i] ?? cpu[i], count: 10),
                                   loadCPUSeconds: 1, initCPUSeconds: 1, prefillCPUSeconds: prefill?[i] ?? 0.1,
                                   decodeStepCPUSeconds: Array(repeating: cpu[i], count: 10),
                                   referenceStepCPUSeconds: Array(repeating: reference?[i] ?? 0.01, count: 10))
            })
        }
        return BenchDocument(suite: SuiteIdentity(name: "s", sha256: "x", caseCount: 1),
                             build: BuildInfo(version: "0", commit: nil, profiles: [:], models: [:]), mode: .all,
                             shard: nil, cases: [CaseResult(index: 0, definition: definition, deterministic: figures,
                                                            measured: measured)])
    }

    private func compare(_ old: BenchDocument, _ new: BenchDocument, _ policy: GatePolicy = GatePolicy()) throws -> GateReport {
        try Gate(policy: policy).compare(baseline: old, current: new, baselinePath: "base.json", currentPath: "cur.json")
    }

    @Test func deterministicFiguresAreComparedExactly() throws {
        let base = ["decodeSecondsPerToken": 0.01, "cacheBytesPerToken.L2": 1000, "parameters": 5]
        // Equal within 1e-9 relative: pass.
        var same = base
        same["decodeSecondsPerToken"] = 0.01 * (1 + 1e-12)
        #expect(try compare(document(base), document(same)).passed)
        // 0.1 % slower: a regression naming case and metric, change +0.1 %.
        var slower = base
        slower["decodeSecondsPerToken"] = 0.01001
        let r = try compare(document(base), document(slower))
        #expect(!r.passed)
        let failure = try #require(r.failures.first)
        #expect(failure.caseID == "c" && failure.metric == "decodeSecondsPerToken" && failure.verdict == .regression)
        #expect(abs(failure.change! - 0.001) < 1e-9)
        // Faster: an improvement, the gate passes and lists it.
        var faster = base
        faster["decodeSecondsPerToken"] = 0.009
        let i = try compare(document(base), document(faster))
        #expect(i.passed && i.improvements.map(\.metric) == ["decodeSecondsPerToken"])
        // A per-level byte count has no direction: any change fails as "changed".
        var moved = base
        moved["cacheBytesPerToken.L2"] = 900
        #expect(try compare(document(base), document(moved)).failures.map(\.verdict) == [.changed])
        // A threshold lets a 0.1 % regression through.
        let lenient = try GatePolicy(parsing: ["decodeSecondsPerToken=0.5"])
        #expect(try compare(document(base), document(slower), lenient).passed)
    }

    @Test func measuredFiguresNeedSizeAndSignificance() throws {
        let base = ["parameters": 5.0]
        let old = [0.0100, 0.0101, 0.0099, 0.0102, 0.0098]
        // 20 % slower, separated samples: median decode per reference pass 0.01 / 0.01 = 1 → 1 / 1.2 (−16.7 % > 10 %),
        // exact p = 2/252 < 0.05; the absolute CPU rate 100 → 83.3 tokens/s is reported as slower.
        let slow = old.map { $0 * 1.2 }
        let r = try compare(document(base, measured: old), document(base, measured: slow))
        let decode = try #require(r.comparisons.first { $0.metric == MetricCatalog.decodeVsReference })
        #expect(decode.verdict == .regression && abs(decode.pValue! - 2.0 / 252) < 1e-12)
        #expect(abs(decode.baseline - 1) < 1e-9 && abs(decode.current - 1 / 1.2) < 1e-9)
        let cpuRate = try #require(r.comparisons.first { $0.metric == MetricCatalog.decodeTokensPerCPUSecond })
        #expect(cpuRate.verdict == .slower && abs(cpuRate.baseline - 100) < 1e-9)
        #expect(r.failures.map(\.metric) == [MetricCatalog.decodeVsReference])
        // The whole machine 30 % slower (decode and reference steps alike): decode per reference pass is unchanged.
        let busy = document(base, measured: slow.map { $0 * 1.3 / 1.2 }, reference: Array(repeating: 0.013, count: 5))
        #expect(try compare(document(base, measured: old), busy).passed)
        // 3 % slower, still separated (p = 2/252): below the 10 % threshold, unchanged.
        let bit = old.map { $0 * 1.03 }
        #expect(try compare(document(base, measured: old), document(base, measured: bit)).passed)
        // One huge outlier shifts no median and is not significant: unchanged.
        let noisy = [0.0100, 0.0101, 0.0099, 0.0102, 0.05]
        #expect(try compare(document(base, measured: old), document(base, measured: noisy)).passed)
    }

    /// Prefill gates in CPU time at 20 %, not over the reference loop (compute-bound, see `MetricCatalog.entries`).
    @Test func prefillGatesOnItsCPURate() throws {
        let base = ["parameters": 5.0]
        let decode = [0.0100, 0.0101, 0.0099, 0.0102, 0.0098]
        let old = [0.100, 0.101, 0.099, 0.102, 0.098]
        // 30 % more prefill CPU time, separated: median 8 / 0.1 = 80 → 8 / 0.13 = 61.5 tokens/CPU-s (−23.1 % beyond
        // 20 %), exact p = 2/252: a regression, and the only one.
        let r = try compare(document(base, measured: decode, prefill: old), document(base, measured: decode, prefill: old.map { $0 * 1.3 }))
        let prefill = try #require(r.failures.first)
        #expect(r.failures.count == 1 && prefill.metric == MetricCatalog.prefillTokensPerCPUSecond)
        #expect(abs(prefill.baseline - 80) < 1e-9 && abs(prefill.current - 8 / 0.13) < 1e-9 && abs(prefill.pValue! - 2.0 / 252) < 1e-12)
        // 15 % more (80 → 69.6, −13.0 %): inside 20 %, passes, though significant.
        #expect(try compare(document(base, measured: decode, prefill: old), document(base, measured: decode, prefill: old.map { $0 * 1.15 })).passed)
        // The reference loop 30 % slower with prefill unchanged (memory contention): prefill per reference pass moves
        // +30 %, prefill's CPU rate does not; nothing fails.
        #expect(try compare(document(base, measured: decode, prefill: old),
                            document(base, measured: decode.map { $0 * 1.3 }, reference: Array(repeating: 0.013, count: 5), prefill: old)).passed)
    }

    /// A repetition's decode rate is one token over the lower quartile of its steps. Steps 0.008 s, 0.010 s ×8,
    /// 0.1 s and 0.2 s (11): the type-7 lower quartile sits at position 0.25 × 10 = 2.5 of the sorted steps, between
    /// 0.010 and 0.010, so 100 tokens/s, where 11 tokens over the total 0.388 s would read 28.4 tokens/s.
    @Test func aRepetitionsDecodeRateIsOverItsLowerQuartileStep() throws {
        let steps = [0.1] + Array(repeating: 0.01, count: 8) + [0.008, 0.2]
        let figures = MeasuredFigures(host: HostInfo(cpu: "test", cores: 2, operatingSystem: "test"), threads: 1,
                                      injectedDecodeSlowdown: nil, repetitions: [
            MeasuredRepetition(loadSeconds: 1, initSeconds: 1, prefillTokens: 8, prefillSeconds: 0.1, decodeStepSeconds: steps,
                               loadCPUSeconds: 1, initCPUSeconds: 1, prefillCPUSeconds: 0.1, decodeStepCPUSeconds: steps)])
        for metric in [MetricCatalog.decodeTokensPerCPUSecond, MetricCatalog.decodeTokensPerSecond] {
            let rate = try #require(figures.samples(metric)?.first)
            #expect(abs(rate - 100) < 1e-9, "\(metric)")
        }
    }

    /// Type-7 quantiles, as NumPy's default: [1, 2, 3, 4] at 0.25 is position 0.75, 1 + 0.75 × (2 − 1) = 1.75.
    @Test func quantilesInterpolateBetweenOrderStatistics() {
        #expect(quantile([4, 1, 3, 2], 0.25) == 1.75)
        #expect(median([4, 1, 3, 2]) == 2.5 && median([3, 1, 2]) == 2)
        #expect(quantile([5], 0.25) == 5 && quantile([], 0.25) == 0)
    }

    @Test func wallClockSlowdownsAreReportedAndGateOnlyWhenAsked() throws {
        let base = ["parameters": 5.0]
        let cpu = [0.0100, 0.0101, 0.0099, 0.0102, 0.0098]
        // Same CPU time, 50 % more wall-clock time (a loaded machine): reported as slower, the gate passes.
        let loaded = document(base, measured: cpu, wall: cpu.map { $0 * 1.5 })
        let r = try compare(document(base, measured: cpu), loaded)
        #expect(r.passed)
        #expect(r.comparisons.first { $0.metric == MetricCatalog.decodeTokensPerSecond }?.verdict == .slower)
        #expect(r.comparisons.first { $0.metric == MetricCatalog.decodeTokensPerCPUSecond }?.verdict == .unchanged)
        // Naming the wall-clock metric in --threshold makes it gate.
        let strict = try GatePolicy(parsing: ["measured.decodeTokensPerSecond=10"])
        #expect(try compare(document(base, measured: cpu), loaded, strict).failures.map(\.metric) == [MetricCatalog.decodeTokensPerSecond])
    }

    @Test func mismatchedResultsAreBadInput() throws {
        let base = document(["parameters": 5])
        var renamed = base
        renamed.cases[0].definition.id = "d"
        #expect(throws: InputError.self) { try compare(base, renamed) }
        var redefined = base
        redefined.cases[0].definition.tokens = 5
        #expect(throws: InputError.self) { try compare(base, redefined) }
        #expect(throws: InputError.self) { try compare(base, document(["parameters": 5, "peakBytes": 1])) }
        var otherSuite = base
        otherSuite.suite.name = "t"
        #expect(throws: InputError.self) { try compare(base, otherSuite) }
    }

    @Test func thresholdParsing() throws {
        #expect(try GatePolicy(parsing: ["cacheBytesPerToken=2"]).threshold(for: "cacheBytesPerToken.L2") == 2)
        #expect(GatePolicy().threshold(for: MetricCatalog.decodeTokensPerSecond) == 10)
        for bad in ["nonsense=3", "decodeSecondsPerToken", "decodeSecondsPerToken=-1", "joulesPerToken=abc"] {
            #expect(throws: InputError.self) { try GatePolicy(parsing: [bad]) }
        }
    }
}
