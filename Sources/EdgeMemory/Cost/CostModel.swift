import EdgeModel

/// Energy of a step or op, in joules, by where it is spent.
public struct EnergySplit: Codable, Sendable, Equatable {
    /// DRAM reads and write-backs.
    public var dram = 0.0
    /// Bytes served by the cache levels.
    public var caches = 0.0
    /// Arithmetic at the unit's pJ/op.
    public var compute = 0.0
    /// Static power × time.
    public var staticPower = 0.0

    /// No energy.
    public init() {}

    /// The sum of the parts.
    public var total: Double { dram + caches + compute + staticPower }

    /// Part-wise sum.
    public static func + (a: EnergySplit, b: EnergySplit) -> EnergySplit {
        var s = a
        s.dram += b.dram
        s.caches += b.caches
        s.compute += b.compute
        s.staticPower += b.staticPower
        return s
    }

    /// Every part divided by `n` (per-token figures).
    public func divided(by n: Double) -> EnergySplit {
        var s = self
        s.dram /= n
        s.caches /= n
        s.compute /= n
        s.staticPower /= n
        return s
    }
}

/// Running totals of ops' traffic, time and energy (arrays, so the per-op path does not hash).
public struct CostTally: Sendable {
    /// Ops added.
    public var count = 0
    public var flops = 0
    /// Bytes served by each cache level, then DRAM reads.
    public var served: [Int]
    /// Bytes written back to DRAM.
    public var writeback = 0
    /// Σ FLOPs ÷ peak, Σ memory time, Σ op time (max of the two + overhead), seconds.
    public var computeSeconds = 0.0
    public var memorySeconds = 0.0
    public var seconds = 0.0
    /// Energy of the ops, joules.
    public var energy = EnergySplit()
}

/// Time and energy of one op (or of all ops of one kind) on a device.
public struct OpCost: Codable, Sendable, Equatable {
    /// The op kind and how many ops of it the entry sums.
    public var kind: OpKind
    public var count: Int
    public var flops: Int
    /// Bytes served by each cache level, then `DRAM` (reads) and `DRAM writeback`.
    public var bytes: [String: Int]
    /// FLOPs ÷ peak, and bytes ÷ bandwidth summed over levels, seconds.
    public var computeSeconds: Double
    public var memorySeconds: Double
    /// max(compute, memory) + per-op overhead, summed over the ops.
    public var seconds: Double
    /// Joules, by where they are spent.
    public var energy: EnergySplit

    /// True when compute time exceeds memory time.
    public var computeBound: Bool { computeSeconds > memorySeconds }
}

/// The device cost model: per-op time = max(compute, Σ bytes per level ÷ that level's bandwidth) + per-op
/// overhead, compute = max(FLOPs ÷ peak, FLOPs per row ÷ matrix-vector rate) (the second only when the profile
/// lists a matrix-vector rate), or for an op that multiplies no weights FLOPs ÷ its kernel's rate when the profile
/// lists one (`ComputeUnit.kernelPeaks` over many rows, `kernelRowPeaks` over one). A weight matmul over one row
/// (the matrix-vector kernel) on a profile that lists the kernel's DRAM read rate (`DRAMSpec.kernelReadBandwidth`)
/// overlaps its compute with its transfers only in part (ECM-style): time = max(C, M) + (1 − overlap) × min(C, M far),
/// M far the time of the bytes served past the levels its compute rate was measured in (`matvecLevels`), the
/// overlap the kernel's own (`matvecOverlap`), and at least its DRAM bytes at that measured rate (a kernel slower than
/// compute plus transfer at the sweep's DRAM bandwidth, which no overlap in 0...1 reproduces); energy = Σ bytes ×
/// pJ/byte per level + FLOPs × pJ/op + static power × time.
public struct CostModel: Sendable {
    /// The device and the weight precision whose peak and pJ/op apply.
    public let profile: DeviceProfile
    public let precision: Precision
    /// Names of the cache levels, nearest first; traffic arrays carry DRAM after them.
    public let levelNames: [String]
    let peak: Double
    /// The model unit's peak for the precision, op/s.
    public var peakOpsPerSecond: Double { peak }
    /// The unit's matrix-vector rate for the same key, op/s; nil when the profile lists none.
    public let matvecOpsPerSecond: Double?
    let joulesPerOp: Double
    /// By `OpKind.index`: the op's kernel rate over many token rows and over one, op/s; nil where the profile lists
    /// none (the op computes at the precision's peak).
    let kernelPeaks: [Double?]
    let kernelRowPeaks: [Double?]
    let bandwidths: [Double]
    /// The fraction of the matrix-vector kernel's compute that overlaps its transfers from the levels past
    /// `matvecLevels` (0: none, compute and transfers add up; 1: the longer of the two hides the other), from the
    /// kernel's measured DRAM read rate K, its compute time per weight byte C (the matrix-vector rate) and the DRAM
    /// time per byte M: 1/K = max(C, M) + (1 − overlap) × min(C, M). Nil when the profile lists no DRAM read rate or
    /// no matrix-vector rate for the precision (every op then takes max(compute, memory)).
    public let matvecOverlap: Double?
    /// The same overlap for the transfers that the cache levels past `matvecLevels` serve (a second pass over
    /// weights the last level retained), from the kernel's measured second-pass rate over a block of known bytes
    /// (`DRAMSpec.kernelReuseBandwidth`, `kernelReuseDistance`): the last level's retention at that distance splits the
    /// pass into cache- and DRAM-served bytes, the DRAM part keeps `matvecOverlap`, and this overlap is the one that
    /// makes the pass's time the measured one (`cacheOverlap`). Nil without those figures, a retention on the last
    /// level, or `matvecOverlap`: `matvecOverlap` then applies to every byte past `matvecLevels`.
    public let matvecCacheOverlap: Double?
    /// Weight bytes/s the precision's matrix-vector kernel reads from DRAM (`DRAMSpec.kernelReadBandwidth`): a one-row
    /// weight matmul takes at least its DRAM bytes at this rate. Nil when the profile lists none.
    public let kernelReadBytesPerSecond: Double?
    /// Cache levels whose transfers the matrix-vector rate already includes: it is measured on weights the second
    /// level holds (`edgeprof host`: gate+up of 2 × 256 rows × 512, L2-resident), so only bytes served past it add
    /// to it.
    public static let matvecLevels = 2
    let energies: [Double]

    /// The unit's precision key whose peak and op energy apply: the weights' own, or the wider format they
    /// are converted to on the fly when the unit has no figures for them (see `ComputeUnit.computeKey(for:)`).
    public let computeKey: String

    /// True when the weights are converted on the fly and computed at a wider precision's rate.
    public var convertsOnTheFly: Bool { computeKey != ComputeUnit.key(for: precision) }

    /// Reads the figures for `precision` (or the wider format the unit computes it at) from the model unit.
    /// - Throws: `InputError` naming the profile and field when the unit lacks a peak or op energy for it and
    ///   for every wider format.
    public init(profile: DeviceProfile, precision: Precision) throws {
        self.profile = profile
        self.precision = precision
        let key = ComputeUnit.key(for: precision)
        guard let unit = profile.compute.model else {
            throw InputError(file: profile.id, field: "compute.modelUnit", "names no unit")
        }
        guard let computeKey = unit.computeKey(for: precision), let peak = unit.peaks[computeKey]?.base, peak > 0,
              let joules = unit.opEnergy[computeKey]?.base else {
            throw InputError(file: profile.id, field: "compute.units[\(unit.id)].peaks.\(key)",
                             "is missing, and no wider precision is listed")
        }
        self.computeKey = computeKey
        self.peak = peak
        matvecOpsPerSecond = unit.matvecPeaks?[computeKey]?.base
        joulesPerOp = joules
        func rates(_ table: [String: Quantity]?) -> [Double?] {
            OpKind.ordered.map { kind in OpKernel(kind).flatMap { table?[$0.rawValue]?.base } }
        }
        kernelPeaks = rates(unit.kernelPeaks)
        kernelRowPeaks = rates(unit.kernelRowPeaks)
        levelNames = profile.caches.map(\.name)
        bandwidths = profile.caches.map(\.bandwidth.base) + [profile.dram.achievableBytesPerSecond]
        // Weight bytes/s the precision's matrix-vector kernel reads from DRAM, when the profile lists it.
        let kernelRead = profile.dram.kernelReadBandwidth?[key].map(\.base).flatMap { $0 > 0 ? $0 : nil }
        kernelReadBytesPerSecond = kernelRead
        if let kernel = kernelRead, let matvec = matvecOpsPerSecond, matvec > 0 {
            // Seconds per weight byte: computing (2 ops per weight), moving it from DRAM, and the kernel's measured.
            let weightsPerByte = 1024 / Double(precision.rowBytes(columns: 1024))
            let compute = 2 * weightsPerByte / matvec, memory = 1 / profile.dram.achievableBytesPerSecond
            let overlap = Self.overlap(measured: 1 / kernel, compute: compute, memory: memory)
            matvecOverlap = overlap
            let last = profile.caches.last
            if profile.caches.count > Self.matvecLevels, let retention = last?.retention, let level = last?.bandwidth.base,
               let reuse = profile.dram.kernelReuseBandwidth?[key]?.base, reuse > 0,
               let distance = profile.dram.kernelReuseDistance?[key]?.base {
                let full = retention.fullUpTo.base, none = retention.noneFrom.base
                let held = min(1, max(0, (none - distance) / (none - full)))
                matvecCacheOverlap = Self.cacheOverlap(measured: 1 / reuse, compute: compute, held: held,
                                                       cache: 1 / level, dram: memory, dramOverlap: overlap,
                                                       dramFloor: 1 / kernel)
            } else {
                matvecCacheOverlap = nil
            }
        } else {
            matvecOverlap = nil
            matvecCacheOverlap = nil
        }
        energies = profile.caches.map(\.energy.base) + [profile.dram.energy.base]
    }

    /// Compute seconds of an op doing `flops` over `tokens` token rows: FLOPs ÷ peak, but at least one row's
    /// FLOPs at the matrix-vector rate (the pass over the weights a matmul makes however few rows it has, the
    /// same floor for one row as for many; `peaks` are measured with enough rows to hide it).
    public func computeSeconds(flops: Int, tokens: Int) -> Double {
        let compute = Double(flops) / peak
        guard let matvec = matvecOpsPerSecond, tokens > 0 else { return compute }
        return max(compute, Double(flops) / Double(tokens) / matvec)
    }

    /// The overlap o of compute time `compute` and transfer time `memory` that makes max(C, M) + (1 − o) × min(C, M)
    /// equal the `measured` time, within 0...1 (a kernel slower than the sum overlaps nothing, and the DRAM-rate floor
    /// in `add` sets its time; one as fast as the longer of the two overlaps fully).
    public static func overlap(measured: Double, compute: Double, memory: Double) -> Double {
        let shorter = min(compute, memory)
        guard shorter > 0 else { return 1 }
        return min(1, max(0, 1 - (measured - max(compute, memory)) / shorter))
    }

    /// The overlap o₃ of compute with cache-served transfers that makes a pass over weights whose share `held` the
    /// cache serves (per weight byte: compute `compute`, cache time `cache`, DRAM time `dram`, the DRAM part's overlap
    /// `dramOverlap`) take the `measured` time per byte, as `add` charges it: max(C, M) + (1 − o_D) × min(C_D, M_D) +
    /// (1 − o₃) × min(C₃, M₃), C and M split by bytes, at least the DRAM bytes at `dramFloor` per byte; within 0...1.
    /// Nil when the cache serves nothing at that distance.
    public static func cacheOverlap(measured: Double, compute: Double, held: Double, cache: Double, dram: Double,
                                    dramOverlap: Double, dramFloor: Double) -> Double? {
        let cacheTime = held * cache, dramTime = (1 - held) * dram
        let shorter = min(held * compute, cacheTime)
        guard held > 0, shorter > 0 else { return nil }
        let base = max(max(compute, cacheTime + dramTime) + (1 - dramOverlap) * min((1 - held) * compute, dramTime),
                       (1 - held) * dramFloor)
        return min(1, max(0, 1 - (measured - base) / shorter))
    }

    /// Compute seconds of an op of `kind`: FLOPs ÷ its kernel's measured rate (over one row when `tokens` is 1,
    /// else over many; either when only one is listed) for an op that multiplies no weights on a profile that lists
    /// one, else `computeSeconds(flops:tokens:)`.
    public func computeSeconds(kind: OpKind, flops: Int, tokens: Int) -> Double {
        let many = kernelPeaks[kind.index], row = kernelRowPeaks[kind.index]
        guard let rate = tokens == 1 ? row ?? many : many ?? row, rate > 0 else {
            return computeSeconds(flops: flops, tokens: tokens)
        }
        return Double(flops) / rate
    }

    /// Adds one op of `kind` that did `flops` over `tokens` rows and moved `served` bytes (per level, then DRAM
    /// reads) plus `writeback` bytes to DRAM to `tally`. A weight matmul over one row (`OpKind.multipliesWeights`)
    /// adds the part of the shorter of its compute and its transfers past `matvecLevels` that it does not overlap
    /// (`matvecOverlap`), and takes at least its DRAM reads at the kernel's measured DRAM rate
    /// (`kernelReadBytesPerSecond`).
    public func add(kind: OpKind, flops: Int, tokens: Int, served: [Int], writeback: Int, to tally: inout CostTally) {
        let compute = computeSeconds(kind: kind, flops: flops, tokens: tokens)
        var memory = 0.0, far = 0.0, farCache = 0.0, farCacheBytes = 0.0
        var energy = EnergySplit()
        let dram = served.count - 1
        for level in 0..<served.count {
            let moved = Double(level == dram ? served[level] + writeback : served[level])
            memory += moved / bandwidths[level]
            if level >= Self.matvecLevels { far += moved / bandwidths[level] }
            if level >= Self.matvecLevels, level < dram {
                farCache += moved / bandwidths[level]
                farCacheBytes += moved
            }
            if level == dram {
                energy.dram += moved * energies[level]
            } else {
                energy.caches += moved * energies[level]
            }
        }
        var seconds = max(compute, memory)
        if kind.multipliesWeights, tokens == 1 {
            if let overlap = matvecOverlap {
                if let cacheOverlap = matvecCacheOverlap, farCacheBytes > 0 {
                    // Compute split by bytes between the cache-served and the DRAM-served part, each with its overlap.
                    let dramBytes = Double(served[dram] + writeback)
                    let cacheCompute = compute * farCacheBytes / (farCacheBytes + dramBytes)
                    seconds += (1 - overlap) * min(compute - cacheCompute, far - farCache)
                        + (1 - cacheOverlap) * min(cacheCompute, farCache)
                } else {
                    seconds += (1 - overlap) * min(compute, far)
                }
            }
            if let kernelRead = kernelReadBytesPerSecond { seconds = max(seconds, Double(served[dram]) / kernelRead) }
        }
        seconds += profile.overheads.perOp.base
        energy.compute = Double(flops) * joulesPerOp
        energy.staticPower = profile.power.staticPower.base * seconds
        tally.count += 1
        tally.flops += flops
        for level in 0..<served.count { tally.served[level] += served[level] }
        tally.writeback += writeback
        tally.computeSeconds += compute
        tally.memorySeconds += memory
        tally.seconds += seconds
        tally.energy = tally.energy + energy
    }

    /// An empty tally for this device's levels.
    public func tally() -> CostTally { CostTally(served: Array(repeating: 0, count: levelNames.count + 1)) }

    /// The tally of ops of `kind` as a report entry.
    public func cost(of kind: OpKind, _ tally: CostTally) -> OpCost {
        var bytes = Dictionary(uniqueKeysWithValues: zip(levelNames + ["DRAM"], tally.served))
        bytes["DRAM writeback"] = tally.writeback
        return OpCost(kind: kind, count: tally.count, flops: tally.flops, bytes: bytes,
                      computeSeconds: tally.computeSeconds, memorySeconds: tally.memorySeconds,
                      seconds: tally.seconds, energy: tally.energy)
    }

    /// Load: the unique weight bytes read from flash at its sequential bandwidth, plus the fixed part.
    public func loadSeconds(weightBytes: Int) -> Double {
        Double(weightBytes) / profile.flash.readBandwidth.base + profile.overheads.loadFixed.base
    }

    /// Init: every weight byte touched once (page-in and layout preparation) and the KV cache and activation
    /// buffers zero-filled, at DRAM bandwidth; plus per-op setup for the ops of one token and the fixed part.
    public func initSeconds(weightBytes: Int, bufferBytes: Int, opsPerToken: Int) -> Double {
        Double(weightBytes + bufferBytes) / profile.dram.achievableBytesPerSecond
            + Double(opsPerToken) * profile.overheads.perOpSetup.base + profile.overheads.initFixed.base
    }
}
