import EdgeModel

/// One device (phone or board) as the memory and cost models see it: compute units, cache levels, DRAM, flash,
/// power and fixed overheads. Every number is a `Quantity` with its unit, kind and source.
///
/// Profiles live in `DeviceProfiles/<id>.json` and are read at run time (see `ProfileLocator`); the schema is
/// described in `DeviceProfiles/README.md`. `DeviceProfile.load(from:)` decodes and validates.
public struct DeviceProfile: Codable, Sendable, Equatable {
    /// Schema version of the profile file; this build reads `DeviceProfile.currentSchemaVersion`.
    public var schemaVersion: Int
    /// Short lower-case id, equal to the file name without `.json` (`iphone13`).
    public var id: String
    /// Marketing name (`Apple iPhone 13`).
    public var name: String
    /// System on chip (`Apple A15 Bionic`).
    public var soc: String
    /// Free-text remarks (modelling choices, gaps).
    public var notes: String?
    public var compute: ComputeSpec
    /// Cache levels seen by the unit that runs the model, nearest first (L1D, L2, …, SLC).
    public var caches: [CacheLevelSpec]
    public var dram: DRAMSpec
    public var flash: FlashSpec
    public var power: PowerSpec
    public var overheads: OverheadSpec

    /// The schema version this build reads and writes.
    public static let currentSchemaVersion = 1
}

/// The compute units of a device and which of them runs the model.
public struct ComputeSpec: Codable, Sendable, Equatable {
    /// `id` of the unit in `units` that runs the model (the one the cost model uses).
    public var modelUnit: String
    public var units: [ComputeUnit]

    /// The unit named by `modelUnit` (validation guarantees it exists).
    public var model: ComputeUnit? { units.first { $0.id == modelUnit } }
}

/// What kind of engine a compute unit is.
public enum ComputeUnitType: String, Codable, Sendable, CaseIterable {
    case cpu, gpu, npu
}

/// One compute engine (a CPU cluster, the GPU, the NPU) with peak throughput and energy per op by precision.
public struct ComputeUnit: Codable, Sendable, Equatable {
    /// Short id (`cpu-p`, `gpu`, `npu`).
    public var id: String
    public var type: ComputeUnitType
    /// Cores and clocks (`2× Avalanche @ 3.18 GHz`).
    public var description: String
    /// Peak throughput per precision, keyed by `f32`, `f16`, `bf16`, `int8`, `int4` (GFLOP/s, GOP/s, TOP/s …).
    public var peaks: [String: Quantity]
    /// Energy per arithmetic op (one FLOP or integer op) per precision, same keys as `peaks` (pJ/op).
    public var opEnergy: [String: Quantity]
    /// Optional: throughput of a matrix-vector product (one token row) per precision, same keys as `peaks`. A
    /// single row reads every weight once for one multiply-add, so it runs below `peaks` (measured with many rows);
    /// the cost model charges a matmul at least its weight pass at this rate. Absent: every matmul runs at `peaks`.
    public var matvecPeaks: [String: Quantity]?
    /// Optional (host profiles): throughput of the kernels of the op kinds that multiply no weights (f32 activations
    /// whatever the weights' precision), keyed by `OpKernel` (`norm`, `rope`, `attention`), over many token rows
    /// (`kernelPeaks`) and over one (`kernelRowPeaks`, a decode step). Absent: those ops' arithmetic runs at `peaks`.
    public var kernelPeaks: [String: Quantity]?
    public var kernelRowPeaks: [String: Quantity]?

    /// Precision keys a unit may list.
    public static let precisionKeys: Set<String> = ["f32", "f16", "bf16", "int8", "int4"]

    /// The key under which `precision`'s figures are listed.
    public static func key(for precision: Precision) -> String {
        switch precision {
        case .f32: "f32"
        case .f16: "f16"
        case .bf16: "bf16"
        case .int8: "int8"
        case .int4: "int4"
        }
    }

    /// Peak op/s for `precision`, nil when the profile does not list it.
    public func peakOpsPerSecond(_ precision: Precision) -> Double? { peaks[Self.key(for: precision)]?.base }

    /// Joules per op for `precision`, nil when the profile does not list it.
    public func joulesPerOp(_ precision: Precision) -> Double? { opEnergy[Self.key(for: precision)]?.base }

    /// The key whose peak and op energy apply to weights in `precision`: its own when the unit lists both,
    /// else the nearest wider format it lists, as a runtime would run it (bf16 and f16 weights converted to
    /// f32 on the fly; int4 widened to int8, then f16, then f32). Nil when nothing applies.
    public func computeKey(for precision: Precision) -> String? {
        let own = Self.key(for: precision)
        let wider: [String] = switch own {
        case "bf16", "f16": ["f32"]
        case "int8": ["f16", "f32"]
        case "int4": ["int8", "f16", "f32"]
        default: []
        }
        return ([own] + wider).first { peaks[$0] != nil && opEnergy[$0] != nil }
    }
}

/// How a cache level relates to the levels above it (nearer the core).
public enum CacheInclusion: String, Codable, Sendable, CaseIterable {
    /// Holds every line held above it: evicting a line here invalidates the copies above (back-invalidation).
    case inclusive
    /// Filled on every miss that passes through it, never forces evictions above (pycachesim's hierarchy).
    case nonInclusive
    /// Victim cache: filled only by lines evicted from the level above; a hit moves the line up and out.
    case exclusive
    /// Memory-side cache in front of DRAM shared by all agents (a phone's SLC): caches every DRAM read and
    /// write-back, never interacts with the CPU caches' inclusion. Must come after all CPU-side levels.
    case memorySide
}

/// One cache level: geometry, inclusion, and the cost figures per byte served.
public struct CacheLevelSpec: Codable, Sendable, Equatable {
    /// `L1D`, `L2`, `L3`, `SLC`.
    public var name: String
    /// Who shares the level (`per core`, `2 P-cores`, `CPU+GPU+NPU`).
    public var sharedBy: String
    public var inclusion: CacheInclusion
    /// Capacity; must equal sets × ways × lineSize.
    public var size: Quantity
    /// Line size (power of two, non-decreasing towards memory).
    public var lineSize: Quantity
    /// Associativity (1…16 for the exact simulator).
    public var ways: Quantity
    /// Number of sets (power of two).
    public var sets: Quantity
    /// Load-to-use latency of a hit.
    public var latency: Quantity
    /// Bandwidth this level delivers to the model's compute unit.
    public var bandwidth: Quantity
    /// Energy per byte served by this level.
    public var energy: Quantity
    /// Optional (host profiles): how much of data read once the level still serves when it is read again, as the
    /// reuse distance (bytes read in between) grows. Absent: the LRU share of `size` over `sets` × `ways`.
    public var retention: RetentionSpec?
}

/// The share of a block, read once and then again, that a cache level serves on the second read: all of it up to a
/// reuse distance of `fullUpTo`, none from `noneFrom` on, falling linearly in between (a victim cache that keeps a
/// stream's lines against other data for a while, measured by the second-read sweep of `edgeprof host`). The fast
/// model uses it in place of the level's LRU share; the exact simulator simulates `size`, `sets` and `ways`.
public struct RetentionSpec: Codable, Sendable, Equatable {
    public var fullUpTo: Quantity
    public var noneFrom: Quantity
}

/// Main memory.
public struct DRAMSpec: Codable, Sendable, Equatable {
    /// `LPDDR4X-4266, 64-bit`.
    public var type: String
    public var capacity: Quantity
    /// Peak bandwidth (data rate × bus width).
    public var peakBandwidth: Quantity
    /// Fraction of the peak a CPU stream achieves.
    public var achievableFraction: Quantity
    /// Energy per byte transferred (device + PHY).
    public var energy: Quantity
    /// Idle-to-data latency of a random access.
    public var latency: Quantity
    /// Fraction of `capacity` an app may use (the memory budget).
    public var appBudgetFraction: Quantity
    /// Optional: weight bytes per second each precision's matrix-vector kernel reads when its weights stream from
    /// DRAM, keyed like `ComputeUnit.peaks`. A kernel that computes between its loads keeps fewer in flight than a
    /// pure read stream, so it may read below `achievableBytesPerSecond`; the cost model charges a matmul's DRAM
    /// bytes at the lower of the two. Absent: at `achievableBytesPerSecond`.
    public var kernelReadBandwidth: [String: Quantity]?
    /// Optional, with `kernelReuseDistance`: weight bytes per second each precision's matrix-vector kernel reads on a
    /// second pass over a block of weights it has just read (immediate layer sharing), and that block's weight bytes
    /// (the second pass's reuse distance), keyed like `kernelReadBandwidth`. The cost model derives from them how much
    /// of the kernel's compute overlaps the transfers that cache levels past its matrix-vector rate's serve
    /// (`CostModel.matvecCacheOverlap`). Absent: the DRAM overlap applies to those too.
    public var kernelReuseBandwidth: [String: Quantity]?
    public var kernelReuseDistance: [String: Quantity]?

    /// Bytes per second a stream achieves: peak × achievable fraction.
    public var achievableBytesPerSecond: Double { peakBandwidth.base * achievableFraction.base }
}

/// Storage the weights are loaded from.
public struct FlashSpec: Codable, Sendable, Equatable {
    /// `UFS 4.0`, `Apple NVMe`, `microSD`.
    public var type: String
    /// Sequential read bandwidth.
    public var readBandwidth: Quantity
    /// Energy per byte read.
    public var energy: Quantity
}

/// Power drawn whatever the model does.
public struct PowerSpec: Codable, Sendable, Equatable {
    /// Static/idle power of the SoC and memory while the model runs (added as power × time).
    public var staticPower: Quantity
}

/// Fixed time constants of a run.
public struct OverheadSpec: Codable, Sendable, Equatable {
    /// Time added to every executed op (dispatch, synchronisation).
    public var perOp: Quantity
    /// Time to set up each op once at init (kernel selection, buffer binding).
    public var perOpSetup: Quantity
    /// Fixed part of load time (open, map, parse headers).
    public var loadFixed: Quantity
    /// Fixed part of init time (runtime and context creation).
    public var initFixed: Quantity
}
