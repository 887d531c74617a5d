import EdgeMemory
import EdgeModel
import EdgeReports
import Foundation
import Testing
@testable import EdgeProfiler

/// `whatif` on the iPhone 13 profile (4 GB DRAM, 10% app budget = 400,000,000 B), context 2048, f16 KV cache,
/// activations for 64-token steps, 16 MB runtime overhead — checked against hand calculations.
struct WhatIfAnalysisTests {
    static let profile = try! ProfileLocator(explicitDirectory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeviceProfiles").path).load("iphone13")

    static func analysis(_ names: [String], _ precisions: [Precision] = [.f16]) throws -> WhatIfAnalysis {
        try WhatIfAnalysis(profile: profile, budgetBytes: MemoryFootprint.budgetBytes(of: profile), budgetNote: "10%",
                           models: names.map { Presets.named($0)! }, precisions: precisions, kvPrecision: .f16,
                           context: 2048, runtimeOverheadBytes: 16_000_000, runtimeOverheadSource: "test")
    }

    @Test func mobileLLM125mF16FitsWithEveryItemByHand() throws {
        let analysis = try Self.analysis(["mobilellm-125m"])
        #expect(analysis.budgetBytes == 400_000_000)  // 4 GB × 0.10
        let c = try #require(try analysis.run().candidates.first)
        // Weights: 124,635,456 parameters, of which the norms (2 per block × 30 + final = 61 × 576 = 35,136) stay
        // f32: (124,635,456 − 35,136) × 2 + 35,136 × 4 = 249,341,184 B.
        #expect(c.weightBytes == 249_341_184)
        // KV: 30 layers × (K + V) × 3 heads × 64 × 2 B = 23,040 B/token; × 2048 = 47,185,920 B.
        #expect(c.kvBytesPerToken == 23_040 && c.kvCacheBytes == 47_185_920)
        // Activations, f32 × 64 tokens: token ids 1 + x 576 + xn 576 + q 576 + k 192 + att 576 + h 1536 + logits
        // 32000 = 36,033 columns × 256 B = 9,224,448 B.
        #expect(c.activationBytes == 9_224_448)
        // 249,341,184 + 47,185,920 + 9,224,448 + 16,000,000 = 321,751,552 ≤ 400,000,000.
        #expect(c.totalBytes == 321_751_552 && c.fits)
        // (400,000,000 − 249,341,184 − 9,224,448 − 16,000,000) / 23,040 = 5,444 positions > the model's 2048.
        #expect(c.longestContext == 2048)
        // GQA vs 9 KV heads: K/V weights 2 × 576 × 384 × 2 B × 30 = 26,542,080; KV cache 30 × 2 × 384 × 2 B × 2048
        // = 94,371,840; k activations 384 × 64 × 4 = 98,304: 121,012,224 B.
        #expect(c.savings.groupedQueryAttention == 121_012_224)
        // Shared embedding vs a separate 32000 × 576 f16 LM head: 36,864,000 B. f16 vs f32 KV: 47,185,920 B.
        #expect(c.savings.embeddingSharing == 36_864_000 && c.savings.kvPrecision == 47_185_920)
        #expect(c.savings.layerSharing == 0)
        #expect(c.decodeTokensPerSecond != nil && c.joulesPerDecodeToken != nil)
    }

    @Test func r1With32kContextIsBoundByTheBudgetByHand() throws {
        let c = try #require(try Self.analysis(["mobilellm-r1-140m"]).run().candidates.first)
        // Weights: (140,248,512 − 31 × 576 f32 norm values) × 2 + 17,856 × 4 = 280,532,736 B.
        // Activations: 1 + 576 + 576 + 576 + 192 + 576 + 2048 + 128,256 = 132,801 columns × 256 B = 33,997,056 B.
        // KV: 15 × 2 × 192 × 2 B = 11,520 B/token.
        #expect(c.weightBytes == 280_532_736 && c.activationBytes == 33_997_056 && c.kvBytesPerToken == 11_520)
        // (400,000,000 − 280,532,736 − 33,997,056 − 16,000,000) / 11,520 = 6,030.4 → 6,030 of its 32,768.
        #expect(c.longestContext == 6_030)
        // At 2048: 280,532,736 + 23,592,960 + 33,997,056 + 16,000,000 = 354,122,752 B: fits.
        #expect(c.totalBytes == 354_122_752 && c.fits)
    }

    @Test func sharingSavesTheUnrolledBlocksAndOnlyFittingCandidatesAreRanked() throws {
        let report = try Self.analysis(["mobilellm-ls-125m", "mobilellm-350m"], [.f16, .int4Blocked]).run()
        let ls = try #require(report.candidates.first { $0.model == "mobilellm-ls-125m" && $0.precision == "f16" })
        // 30 more blocks of 3,538,944 f16 weights + 2 × 576 f32 norm values = 7,082,496 B each: 212,474,880 B.
        #expect(ls.savings.layerSharing == 212_474_880)
        // 350M f16 weights alone, 690.8 MB, exceed 400 MB: it does not fit and holds no context.
        let big = try #require(report.candidates.first { $0.model == "mobilellm-350m" && $0.precision == "f16" })
        #expect(!big.fits && big.longestContext == 0 && big.decodeTokensPerSecond == nil)
        let fitting = report.candidates.filter(\.fits)
        let fastest = try #require(report.fastest), frugal = try #require(report.mostFrugal)
        #expect(fitting.allSatisfy { $0.decodeTokensPerSecond! <= fastest.decodeTokensPerSecond })
        #expect(fitting.allSatisfy { $0.joulesPerDecodeToken! >= frugal.joulesPerDecodeToken })
    }

    @Test func documentHasOneBudgetChartPerDistinctPrecision() throws {
        let report = try Self.analysis(["mobilellm-125m", "mobilellm-350m"], [.f16, .bf16, .int8Blocked]).run()
        let charts = report.document.charts
        #expect(charts.count == 2)  // bf16 weights take f16's bytes: no chart of their own
        guard case .bars(let f16) = try #require(charts.first) else { Issue.record("not a bar chart"); return }
        #expect(f16.categories == ["125m", "350m"])
        #expect(f16.reference?.value == 400)  // the 400,000,000 B budget in MB
        // The stacked parts of the 125M f16 bar add up to its total: 321,751,552 B.
        #expect(abs(f16.series.map { $0.values[0] }.reduce(0, +) - 321.751552) < 1e-9)
    }

    @Test func contextBeyondAModelOrZeroNamesTheFlag() {
        for context in [0, 4096] {
            #expect {
                try WhatIfAnalysis(profile: Self.profile, budgetBytes: 1, budgetNote: "", models: [Presets.named("mobilellm-125m")!],
                                   precisions: [.f16], kvPrecision: .f16, context: context, runtimeOverheadBytes: 0,
                                   runtimeOverheadSource: "")
            } throws: { ($0 as? InputError)?.field == "--context" }
        }
    }
}
