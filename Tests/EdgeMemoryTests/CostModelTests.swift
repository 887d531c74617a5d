import Testing
import EdgeModel
@testable import EdgeMemory

/// The cost formulas, checked against hand arithmetic on the iPhone 13 profile's own figures.
@Suite struct CostModelTests {
    let profile = SimulationTests.profile

    @Test func memoryBoundOpTakesDRAMTimePlusOverhead() throws {
        let model = try CostModel(profile: profile, precision: .f16)
        var tally = model.tally()
        let levels = profile.caches.count
        var served = Array(repeating: 0, count: levels + 1)
        served[levels] = 1_000_000                              // 1 MB read from DRAM
        model.add(flops: 2_000_000, tokens: 1, served: served, writeback: 0, to: &tally)
        let dramSeconds = 1e6 / (profile.dram.peakBandwidth.base * profile.dram.achievableFraction.base)
        let peak = try #require(profile.compute.model?.peakOpsPerSecond(.f16))
        let computeSeconds = 2e6 / peak
        #expect(dramSeconds > computeSeconds)
        let seconds = dramSeconds + profile.overheads.perOp.base
        #expect(abs(tally.seconds - seconds) < 1e-15)
        #expect(abs(tally.energy.dram - 1e6 * profile.dram.energy.base) < 1e-12)
        #expect(abs(tally.energy.compute - 2e6 * profile.compute.model!.joulesPerOp(.f16)!) < 1e-12)
        #expect(abs(tally.energy.staticPower - seconds * profile.power.staticPower.base) < 1e-15)
    }

    @Test func computeBoundOpAndCacheBytes() throws {
        let model = try CostModel(profile: profile, precision: .f32)
        var tally = model.tally()
        var served = Array(repeating: 0, count: profile.caches.count + 1)
        served[0] = 4096                                         // 4 KiB from L1
        model.add(flops: 1_000_000_000, tokens: 1, served: served, writeback: 0, to: &tally)
        let compute = 1e9 / profile.compute.model!.peakOpsPerSecond(.f32)!
        #expect(abs(tally.seconds - (compute + profile.overheads.perOp.base)) < 1e-12)
        #expect(abs(tally.energy.caches - 4096 * profile.caches[0].energy.base) < 1e-15)
        let cost = model.cost(of: .qProj, tally)
        #expect(cost.computeBound)
        #expect(cost.bytes[profile.caches[0].name] == 4096)
    }

    /// With a matrix-vector rate of 1 GFLOP/s beside the f32 peak: one row of 2 MFLOP costs 2e6 / 1e9 = 2 ms; 64 rows
    /// of 2 MFLOP each (128 MFLOP) cost max(128e6 / peak, 2 ms); without the field both run at the peak.
    @Test func matvecRateFloorsTheComputeOfFewRows() throws {
        var edited = profile
        let unit = edited.compute.units.firstIndex { $0.id == edited.compute.modelUnit }!
        let peak = try #require(profile.compute.model?.peakOpsPerSecond(.f32))
        edited.compute.units[unit].matvecPeaks = ["f32": Quantity(1, .GFLOPs, .measured, source: "test")]
        let model = try CostModel(profile: edited, precision: .f32)
        #expect(abs(model.computeSeconds(flops: 2_000_000, tokens: 1) - 2e-3) < 1e-15)
        #expect(abs(model.computeSeconds(flops: 128_000_000, tokens: 64) - max(128e6 / peak, 2e-3)) < 1e-15)
        let plain = try CostModel(profile: profile, precision: .f32)
        #expect(abs(plain.computeSeconds(flops: 2_000_000, tokens: 1) - 2e6 / peak) < 1e-18)
    }

    /// iPhone 13 DRAM: 34.1 GB/s × 0.8 = 27.28 GB/s. With an int8 kernel DRAM read rate of 5 GB/s, a weight matmul
    /// reading 1 MB from DRAM takes 1e6 / 5e9 = 200 µs (+ per-op overhead); a non-matmul op with the same bytes, an f32
    /// matmul (no f32 rate listed) and any op without the field take 1e6 / 27.28e9 ≈ 36.7 µs; a kernel rate above the
    /// achievable one (50 GB/s) changes nothing (the lower of the two applies).
    @Test func kernelDRAMRateSlowsWeightMatmulsOnly() throws {
        var served = Array(repeating: 0, count: profile.caches.count + 1)
        served[profile.caches.count] = 1_000_000
        let overhead = profile.overheads.perOp.base
        func seconds(_ profile: DeviceProfile, _ precision: Precision, matmul: Bool) throws -> Double {
            let model = try CostModel(profile: profile, precision: precision)
            var tally = model.tally()
            model.add(flops: 2_000, tokens: 1, served: served, writeback: 0, matmul: matmul, to: &tally)
            return tally.seconds - overhead
        }
        var slow = profile
        slow.dram.kernelReadBandwidth = ["int8": Quantity(5, .GBps, .measured, source: "test")]
        #expect(abs(try seconds(slow, .int8Blocked, matmul: true) - 200e-6) < 1e-12)
        let dram = 1e6 / 27.28e9
        #expect(abs(try seconds(slow, .int8Blocked, matmul: false) - dram) < 1e-12)
        #expect(abs(try seconds(slow, .f32, matmul: true) - dram) < 1e-12)
        #expect(abs(try seconds(profile, .int8Blocked, matmul: true) - dram) < 1e-12)
        var fast = profile
        fast.dram.kernelReadBandwidth = ["int8": Quantity(50, .GBps, .measured, source: "test")]
        #expect(abs(try seconds(fast, .int8Blocked, matmul: true) - dram) < 1e-12)
    }

    @Test func writebacksCostDRAMTimeAndEnergy() throws {
        let model = try CostModel(profile: profile, precision: .f16)
        var tally = model.tally()
        model.add(flops: 0, tokens: 1, served: Array(repeating: 0, count: profile.caches.count + 1), writeback: 1 << 20, to: &tally)
        #expect(abs(tally.energy.dram - Double(1 << 20) * profile.dram.energy.base) < 1e-12)
        #expect(tally.writeback == 1 << 20)
    }

    @Test func loadIsWeightsOverFlashPlusFixed() throws {
        let model = try CostModel(profile: profile, precision: .f16)
        let expected = 249_000_000 / profile.flash.readBandwidth.base + profile.overheads.loadFixed.base
        #expect(abs(model.loadSeconds(weightBytes: 249_000_000) - expected) < 1e-12)
    }

    /// MobileLLM §1: a 350M 8-bit model costs about 0.035 J per token; the iPhone 13 profile lands within 2×.
    @Test func energyOf350mInt8IsNearThePapersEstimate() throws {
        let config = try #require(Presets.named("mobilellm-350m")).with(precision: .int8Blocked)
        let report = try Simulation(config: config, profile: profile, mode: .fast).run(prompt: 64, tokens: 4)
        #expect(report.joulesPerDecodeToken > 0.035 / 2 && report.joulesPerDecodeToken < 0.035 * 2)
    }
}
