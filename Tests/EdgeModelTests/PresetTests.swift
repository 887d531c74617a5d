import Testing
@testable import EdgeModel

@Suite struct PresetTests {
    @Test func parameterFormulaMatchesHandCount() {
        // 125m: V·d = 32000·576 = 18,432,000; per block 576·576 + 2·576·192 + 576·576 + 3·576·1536 + 2·576
        // = 331,776 + 221,184 + 331,776 + 2,654,208 + 1,152 = 3,540,096; ×30 = 106,202,880; + 576.
        #expect(Presets.named("mobilellm-125m")?.parameters == 18_432_000 + 106_202_880 + 576)
        #expect(Presets.named("mobilellm-r1-140m")?.parameters == 140_248_512)
    }

    /// Model-card values (../shared/reference/models.md). The 350M and 600M cards print 345.3M and 603.1M
    /// while the formula (norm weights included) gives 345.355M and 603.188M; they agree within 0.1M.
    @Test(arguments: [
        ("mobilellm-125m", 124.6e6, 0.05e6), ("mobilellm-350m", 345.3e6, 0.1e6), ("mobilellm-600m", 603.1e6, 0.1e6),
        ("mobilellm-1b", 1.01e9, 0.005e9), ("mobilellm-1.5b", 1.51e9, 0.005e9),
        ("mobilellm-r1-360m", 359e6, 0.5e6), ("mobilellm-r1-950m", 949e6, 1e6),
    ])
    func parametersMatchModelCards(name: String, card: Double, tolerance: Double) throws {
        let config = try #require(Presets.named(name))
        #expect(abs(Double(config.parameters) - card) <= tolerance)
    }

    @Test(arguments: [("mobilellm-ls-125m", "mobilellm-125m"), ("mobilellm-ls-350m", "mobilellm-350m")])
    func layerSharedVariantsKeepParametersAndDoubleLayers(shared: String, base: String) throws {
        let ls = try #require(Presets.named(shared)), plain = try #require(Presets.named(base))
        #expect(ls.parameters == plain.parameters)
        #expect(ls.weightBytes == plain.weightBytes)
        #expect(ls.executedLayers == 2 * plain.executedLayers)
        #expect(ls.kvBytesPerToken == 2 * plain.kvBytesPerToken)
    }

    @Test func ls125mRunsThirtyBlocksAsSixtyImmediateLayers() throws {
        let ls = try #require(Presets.named("mobilellm-ls-125m"))
        #expect(ls.blocks == 30)
        #expect(ls.executedLayers == 60)
        #expect(ls.schedule == (0..<30).flatMap { [$0, $0] })
    }

    @Test func everyPresetValidates() throws {
        for preset in Presets.all { try preset.validate(source: preset.name) }
    }

    @Test func tensorInventoryCoversEveryParameter() {
        for preset in Presets.all {
            #expect(preset.tensors.reduce(0) { $0 + $1.elements } == preset.parameters)
        }
    }
}
