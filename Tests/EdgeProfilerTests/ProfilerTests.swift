import EdgeMemory
import EdgeModel
@testable import EdgeProfiler
import EdgeReports
import Foundation
import Testing

@Suite struct ProfilerTests {
    static let profile = try! ProfileLocator(explicitDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("DeviceProfiles").path).load("iphone13")

    /// 4 blocks, dim 64, f16: small enough to run for real in a debug build in well under a second.
    static let tiny = ModelConfig(name: "tiny", blocks: 4, dim: 64, heads: 4, kvHeads: 2, ffnHidden: 96, vocab: 64,
                                  context: 64, precision: .f16, kvPrecision: .f16)

    static func profiler() -> Profiler {
        Profiler(configs: Profiler.defaultConfigs(for: tiny, repeats: nil), devices: [profile],
                 host: HostRunner(weightsPath: nil, configPath: nil, keepsFilePrecision: false, threads: 1, seed: 3),
                 prompt: 8, tokens: 4)
    }

    @Test func defaultStrategiesFollowThePresetsSharing() {
        #expect(Profiler.defaultConfigs(for: Self.tiny, repeats: nil).map { "\($0.sharing.rawValue)×\($0.repeats)" }
                == ["none×1", "immediate×2", "repeat-all-over×2", "reverse×2"])
        let ls = Self.tiny.with(sharing: .immediate, repeats: 3)
        #expect(Profiler.defaultConfigs(for: ls, repeats: nil).map { "\($0.sharing.rawValue)×\($0.repeats)" }
                == ["immediate×3", "none×1"])
    }

    @Test func deviceSectionIsByteIdenticalAndEqualsSimulate() throws {
        let a = try Self.profiler().run(), b = try Self.profiler().run()
        #expect(try ReportJSON.text(a.device) == ReportJSON.text(b.device))
        // The device half is the simulation of the decode steps after the prefill's token: 4 tokens → 3 steps.
        for (config, estimate) in zip(Self.profiler().configs, a.device[0].strategies) {
            let simulated = try Simulation(config: config, profile: Self.profile).run(prompt: 8, tokens: 3)
            #expect(estimate.decodeSecondsPerToken == simulated.decodeSecondsPerToken)
            #expect(estimate.dramBytesPerDecodeToken == simulated.dramBytesPerDecodeToken)
            // Every op ran at some site: the layers' times add up to the token's time, the kinds' too.
            let layers = estimate.perLayer.reduce(0) { $0 + $1.seconds }
            #expect(abs(layers - estimate.decodeSecondsPerToken) <= 1e-12 * Double(config.executedLayers + 2))
            #expect(estimate.perLayer.filter { $0.layer != nil }.count == config.executedLayers)
            #expect(estimate.decodeStep.map(\.site) == estimate.perLayer.map(\.site))
        }
        #expect(a.measured.strategies.map(\.decode.steps) == [3, 3, 3, 3])
        #expect(a.measured.strategies.allSatisfy { $0.runtimeReplay?.device == "iphone13" && $0.hostCounters == nil })
    }

    @Test func hitRatesAreServedOverReaching() {
        // 60 bytes from L1D, 30 from L2, 10 from SLC, 0 from DRAM: L1D 60/100, L2 30/40, SLC 10/10.
        let rates = StrategyEstimator(profile: Self.profile).hitRates(["L1D": 60, "L2": 30, "SLC": 10, "DRAM": 0])
        #expect(Self.profile.caches.map(\.name) == ["L1D", "L2", "SLC"])
        #expect(rates == ["L1D": 0.6, "L2": 0.75, "SLC": 1])
    }

    @Test func reportSaysWhenTheDeviceComputesAtAWiderPrecision() throws {
        // iphone13's cpu-p lists f32 and f16 peaks but none for bf16 (DeviceProfiles/iphone13.json): bf16 weights are
        // converted to f32 on the fly, as `simulate` says; f16 weights are computed as stored.
        func document(_ precision: Precision) throws -> ReportDocument {
            let profiler = Profiler(configs: [Self.tiny.with(precision: precision)], devices: [Self.profile],
                                    host: HostRunner(weightsPath: nil, configPath: nil, keepsFilePrecision: false,
                                                     threads: 1, seed: 3), prompt: 8, tokens: 2)
            return ProfileDocument.make(try profiler.run())
        }
        let bf16 = try document(.bf16)
        for format in [ReportFormat.table, .md, .html] {
            #expect(ReportRenderer.render(bf16, as: format).text.contains("lists no bf16 peak: weights converted to f32"))
        }
        #expect(!ReportRenderer.render(try document(.f16), as: .table).text.contains("converted"))
    }

    @Test func reportHTMLIsSelfContainedAndHasEveryChart() throws {
        let report = try Self.profiler().run()
        let html = ReportRenderer.render(ProfileDocument.make(report), as: .html).text
        // Bytes/token, latency, energy, memory budget, roofline, and one timeline per strategy.
        #expect(html.components(separatedBy: "<svg").count - 1 == 5 + 4)
        for forbidden in ["http:", "https:", "src=", "href=", "<script"] { #expect(!html.contains(forbidden)) }
    }
}
