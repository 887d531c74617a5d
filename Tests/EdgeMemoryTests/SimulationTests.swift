import Foundation
import Testing
import EdgeModel
@testable import EdgeMemory

/// Simulations of the presets on the repository's iPhone 13 profile.
@Suite struct SimulationTests {
    static let profile: DeviceProfile = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try! ProfileLocator(explicitDirectory: root.appendingPathComponent("DeviceProfiles").path).load("iphone13")
    }()

    static func dramPerToken(_ config: ModelConfig, _ mode: SimulationMode, prompt: Int = 4, tokens: Int = 1) throws
        -> Double
    {
        try Simulation(config: config, profile: profile, mode: mode).run(prompt: prompt, tokens: tokens)
            .dramBytesPerDecodeToken
    }

    /// Presets above 300M parameters run on their first 10 blocks (each ≥ 11.8 MB at f16, so a pass still streams
    /// several times the 12 MB L2 + 32 MB SLC) to keep the suite fast; the others run whole.
    static func exactSized(_ config: ModelConfig) -> ModelConfig {
        var c = config
        if c.parameters > 300_000_000 { c.blocks = min(c.blocks, 10) }
        return c
    }

    @Test(arguments: Presets.all)
    func fastModeIsWithinThreePercentOfExact(preset: ModelConfig) throws {
        for strategy in SharingStrategy.allCases {
            let config = Self.exactSized(preset).with(sharing: strategy, repeats: strategy == .none ? 1 : 2)
            let exact = try Self.dramPerToken(config, .exact)
            let fast = try Self.dramPerToken(config, .fast)
            #expect(abs(fast - exact) / exact <= 0.03, "\(config.name) \(strategy): fast \(fast) vs exact \(exact)")
        }
    }

    /// MobileLLM's argument: immediate sharing reuses each block from cache, repeat-all-over and reverse reload it.
    @Test func sharingOrdersOnIPhone13() throws {
        let base = try #require(Presets.named("mobilellm-125m"))
        let ls = try #require(Presets.named("mobilellm-ls-125m"))
        let deep = base.with(sharing: .none, repeats: 1)
        var sixty = deep
        sixty.blocks = 60
        let unshared = try Self.dramPerToken(base, .exact, prompt: 64, tokens: 2)
        let immediate = try Self.dramPerToken(ls, .exact, prompt: 64, tokens: 2)
        let repeatAll = try Self.dramPerToken(ls.with(sharing: .repeatAllOver), .exact, prompt: 64, tokens: 2)
        let reverse = try Self.dramPerToken(ls.with(sharing: .reverse), .exact, prompt: 64, tokens: 2)
        let sixtyLayers = try Self.dramPerToken(sixty, .fast, prompt: 64, tokens: 2)
        #expect(abs(immediate - unshared) / unshared <= 0.05)
        // Repeat-all-over streams every block twice, like 60 unshared blocks; the LM head is read once either way.
        #expect(abs(repeatAll - sixtyLayers) / sixtyLayers <= 0.05)
        #expect(repeatAll > 1.8 * unshared && repeatAll < 2 * unshared)
        #expect(reverse > immediate && reverse < repeatAll)
    }

    @Test func reportIsDeterministic() throws {
        let config = try #require(Presets.named("mobilellm-r1-140m"))
        let a = try Simulation(config: config, profile: Self.profile, mode: .exact).run(prompt: 8, tokens: 2)
        let b = try Simulation(config: config, profile: Self.profile, mode: .exact).run(prompt: 8, tokens: 2)
        #expect(a == b)
    }
}
