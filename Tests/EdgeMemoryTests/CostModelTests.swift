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
        model.add(kind: .attnNorm, flops: 2_000_000, tokens: 1, served: served, writeback: 0, to: &tally)
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
        model.add(kind: .attention, flops: 1_000_000_000, tokens: 1, served: served, writeback: 0, to: &tally)
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

    /// With attention rated 2 GFLOP/s over many rows and 0.5 GFLOP/s over one: 4 MFLOP of attention over 64 rows cost
    /// 4e6 / 2e9 = 2 ms, 1 MFLOP over one row 1e6 / 0.5e9 = 2 ms; a norm (no rate listed) and a matmul keep the
    /// precision's peak; with only the many-row rate listed, one row runs at it too (1e6 / 2e9 = 0.5 ms).
    @Test func kernelRatesPriceTheOpsWithoutWeights() throws {
        var edited = profile
        let unit = edited.compute.units.firstIndex { $0.id == edited.compute.modelUnit }!
        let peak = try #require(profile.compute.model?.peakOpsPerSecond(.f32))
        edited.compute.units[unit].kernelPeaks = ["attention": Quantity(2, .GFLOPs, .measured, source: "test")]
        edited.compute.units[unit].kernelRowPeaks = ["attention": Quantity(0.5, .GFLOPs, .measured, source: "test")]
        let model = try CostModel(profile: edited, precision: .f32)
        #expect(abs(model.computeSeconds(kind: .attention, flops: 4_000_000, tokens: 64) - 2e-3) < 1e-15)
        #expect(abs(model.computeSeconds(kind: .attention, flops: 1_000_000, tokens: 1) - 2e-3) < 1e-15)
        #expect(abs(model.computeSeconds(kind: .ffnNorm, flops: 1_000_000, tokens: 1) - 1e6 / peak) < 1e-18)
        #expect(abs(model.computeSeconds(kind: .gateUp, flops: 1_000_000, tokens: 64) - 1e6 / peak) < 1e-18)
        edited.compute.units[unit].kernelRowPeaks = nil
        let manyOnly = try CostModel(profile: edited, precision: .f32)
        #expect(abs(manyOnly.computeSeconds(kind: .attention, flops: 1_000_000, tokens: 1) - 0.5e-3) < 1e-15)
    }

    /// overlap(measured:compute:memory:) inverts max(C, M) + (1 − o) × min(C, M): C = 1, M = 2, measured 2.5 →
    /// o = 1 − (2.5 − 2) / 1 = 0.5; measured 3 (the sum) → 0; measured 2 (the longer) → 1; slower than the sum or
    /// faster than the longer clamp to 0 and 1.
    @Test func overlapInvertsTheECMSum() {
        #expect(abs(CostModel.overlap(measured: 2.5, compute: 1, memory: 2) - 0.5) < 1e-15)
        #expect(CostModel.overlap(measured: 3, compute: 1, memory: 2) == 0)
        #expect(CostModel.overlap(measured: 2, compute: 2, memory: 1) == 1)
        #expect(CostModel.overlap(measured: 5, compute: 1, memory: 2) == 0)
        #expect(CostModel.overlap(measured: 1.5, compute: 1, memory: 2) == 1)
    }

    /// iPhone 13 (L1, L2, SLC; DRAM 34.1 GB/s × 0.8 = 27.28 GB/s) with an int8 matrix-vector rate of 54.4 GOP/s
    /// and a kernel DRAM read rate of 10 GB/s. int8 with 32-weight blocks: 1024 weights in 1024 + 32 × 2 = 1088 B, so a
    /// byte holds 1024/1088 weights and costs C = 2 × (1024/1088) / 54.4e9 = 34.60 ps of compute; M = 1 / 27.28e9 =
    /// 36.66 ps; measured 1 / 10e9 = 100 ps → overlap = 1 − (100 − 36.66) / 34.60 < 0 → 0: compute and transfer add.
    /// A one-row matmul of 2 MOP reading 1 MB from DRAM: C = 2e6 / 54.4e9 = 36.76 µs, M = 1e6 / 27.28e9 = 36.66 µs,
    /// max + min = 73.42 µs, below the 1e6 / 10e9 = 100 µs the kernel was measured to take for 1 MB from DRAM, so 100 µs
    /// (+ per-op overhead); the same bytes from the SLC (the third level, past the first two) add (73.42 µs: no DRAM
    /// bytes, no floor), from the L2 (the second, where the rate was measured) they do not (max only); 64 rows (the
    /// prefill's GEMM, another kernel) and an op without weights take the max; without the DRAM rate nothing adds.
    /// Half the bytes from DRAM, half from the SLC: max(C, M/2 + S/2) + min(C, M/2 + S/2), at least 0.5e6 / 10e9 = 50 µs.
    @Test func matvecAddsTheTransfersItDoesNotOverlap() throws {
        var edited = profile
        let unit = edited.compute.units.firstIndex { $0.id == edited.compute.modelUnit }!
        edited.compute.units[unit].matvecPeaks = ["int8": Quantity(54.4, .GOPs, .measured, source: "test")]
        edited.dram.kernelReadBandwidth = ["int8": Quantity(10, .GBps, .measured, source: "test")]
        let levels = profile.caches.count
        #expect(levels == 3)
        let overhead = profile.overheads.perOp.base
        func seconds(_ profile: DeviceProfile, _ kind: OpKind, tokens: Int, level: Int, bytes: Int = 1_000_000,
                     alsoFrom other: Int? = nil) throws -> Double {
            let model = try CostModel(profile: profile, precision: .int8Blocked)
            var served = Array(repeating: 0, count: levels + 1)
            served[level] = other == nil ? bytes : bytes / 2
            if let other { served[other] = bytes / 2 }
            var tally = model.tally()
            model.add(kind: kind, flops: 2_000_000, tokens: tokens, served: served, writeback: 0, to: &tally)
            return tally.seconds - overhead
        }
        let model = try CostModel(profile: edited, precision: .int8Blocked)
        #expect(model.matvecOverlap == 0)
        let compute = 2e6 / 54.4e9, dram = 1e6 / 27.28e9
        #expect(compute + dram < 100e-6)
        #expect(abs(try seconds(edited, .gateUp, tokens: 1, level: levels) - 100e-6) < 1e-12)
        let slc = 1e6 / profile.caches[2].bandwidth.base
        #expect(abs(try seconds(edited, .gateUp, tokens: 1, level: 2) - (max(compute, slc) + min(compute, slc))) < 1e-12)
        let half = dram / 2 + slc / 2
        #expect(abs(try seconds(edited, .gateUp, tokens: 1, level: levels, alsoFrom: 2)
                    - max(max(compute, half) + min(compute, half), 50e-6)) < 1e-12)
        let l2 = 1e6 / profile.caches[1].bandwidth.base
        #expect(abs(try seconds(edited, .gateUp, tokens: 1, level: 1) - max(compute, l2)) < 1e-12)
        let peak = try #require(profile.compute.model?.peakOpsPerSecond(.int8Blocked))
        let rows = max(2e6 / peak, 2e6 / 64 / 54.4e9)
        #expect(abs(try seconds(edited, .gateUp, tokens: 64, level: levels) - max(rows, dram)) < 1e-12)
        #expect(abs(try seconds(edited, .rope, tokens: 1, level: levels) - max(compute, dram)) < 1e-12)
        var noRate = edited
        noRate.dram.kernelReadBandwidth = nil
        #expect(try CostModel(profile: noRate, precision: .int8Blocked).matvecOverlap == nil)
        #expect(abs(try seconds(noRate, .gateUp, tokens: 1, level: levels) - max(compute, dram)) < 1e-12)
    }

    /// cacheOverlap inverts `add`'s split sum: per byte C = 1, half served by the cache at 1, half by DRAM at 3 (cache
    /// time 0.5, DRAM time 1.5, M = 2). DRAM fully overlapped: base max(1, 2) = 2, the cache part's shorter side
    /// min(0.5, 0.5) = 0.5, so measured 2.25 → o₃ = 1 − 0.25 / 0.5 = 0.5; 2 → 1; 3 → 0 (clamped). DRAM not overlapped:
    /// base 2 + min(0.5, 1.5) = 2.5, so 2.75 → 0.5. A DRAM floor of 6 per DRAM byte: base 3, so 3.25 → 0.5. Nothing
    /// held: nil.
    @Test func cacheOverlapInvertsTheSplitSum() throws {
        func o(_ measured: Double, dramOverlap: Double = 1, floor: Double = 0, held: Double = 0.5) -> Double? {
            CostModel.cacheOverlap(measured: measured, compute: 1, held: held, cache: 1, dram: 3, dramOverlap: dramOverlap,
                                   dramFloor: floor)
        }
        #expect(try abs(#require(o(2.25)) - 0.5) < 1e-15)
        #expect(o(2) == 1 && o(3) == 0)
        #expect(try abs(#require(o(2.75, dramOverlap: 0)) - 0.5) < 1e-15)
        #expect(try abs(#require(o(3.25, floor: 6)) - 0.5) < 1e-15)
        #expect(o(2, held: 0) == nil)
    }

    /// A profile with the kernel's second-pass rate: the SLC (last level) retains all up to 4 MB and nothing from
    /// 12 MB, so a block of 6 MB is held 3/4. int8 (C = 34.60 ps per byte as above, DRAM 100 ps per byte at the
    /// kernel's floor, overlap 0), SLC time S per byte: the second pass measured at 1 / 10 GB/s = 100 ps gives the
    /// cacheOverlap of those figures; a one-row matmul then adds (1 − o₃) × min(C₃, S₃) for its SLC-served bytes and
    /// (1 − o_D) × min(C_D, M_D) for the DRAM-served ones, compute split by bytes; without the figures it adds
    /// (1 − o_D) × min(C, S₃ + M_D).
    @Test func cacheServedBytesTakeTheirOwnOverlap() throws {
        var edited = profile
        let unit = edited.compute.units.firstIndex { $0.id == edited.compute.modelUnit }!
        edited.compute.units[unit].matvecPeaks = ["int8": Quantity(54.4, .GOPs, .measured, source: "test")]
        edited.dram.kernelReadBandwidth = ["int8": Quantity(10, .GBps, .measured, source: "test")]
        edited.caches[2].retention = RetentionSpec(fullUpTo: Quantity(4e6, .B, .measured, source: "test"),
                                                   noneFrom: Quantity(12e6, .B, .measured, source: "test"))
        edited.dram.kernelReuseBandwidth = ["int8": Quantity(15, .GBps, .measured, source: "test")]
        edited.dram.kernelReuseDistance = ["int8": Quantity(6e6, .B, .measured, source: "test")]
        try edited.validate(file: "test")
        let model = try CostModel(profile: edited, precision: .int8Blocked)
        let c = 2 * (1024.0 / 1088) / 54.4e9, s = 1 / edited.caches[2].bandwidth.base, m = 1 / 27.28e9
        let o3 = try #require(CostModel.cacheOverlap(measured: 1 / 15e9, compute: c, held: 0.75, cache: s, dram: m,
                                                    dramOverlap: 0, dramFloor: 1 / 10e9))
        #expect(model.matvecOverlap == 0 && model.matvecCacheOverlap == o3)
        var served = Array(repeating: 0, count: 4)
        served[2] = 600_000
        served[3] = 400_000
        var tally = model.tally()
        model.add(kind: .gateUp, flops: 2_000_000, tokens: 1, served: served, writeback: 0, to: &tally)
        let compute = 2e6 / 54.4e9, far3 = 600_000 * s, farD = 400_000 * m
        let expected = max(max(compute, far3 + farD) + min(0.4 * compute, farD) + (1 - o3) * min(0.6 * compute, far3),
                           400_000 / 10e9)
        #expect(abs(tally.seconds - profile.overheads.perOp.base - expected) < 1e-12)
        edited.dram.kernelReuseBandwidth = nil
        edited.dram.kernelReuseDistance = nil
        #expect(try CostModel(profile: edited, precision: .int8Blocked).matvecCacheOverlap == nil)
    }

    @Test func writebacksCostDRAMTimeAndEnergy() throws {
        let model = try CostModel(profile: profile, precision: .f16)
        var tally = model.tally()
        model.add(kind: .embed, flops: 0, tokens: 1, served: Array(repeating: 0, count: profile.caches.count + 1), writeback: 1 << 20, to: &tally)
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
