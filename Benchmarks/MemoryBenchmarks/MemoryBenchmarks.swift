import Benchmark
import EdgeMemory
import EdgeModel

// Exact-mode simulation speed. Every benchmark makes exactly `lineAccesses` (1,000,000) first-level line accesses
// per iteration, so the throughput column reads directly as M line accesses/s and wall clock (µs) as µs per
// million line accesses (ps per line: whole nanoseconds per line were too coarse once streaming costs < 1 ns a
// line). The hierarchy is built (and random addresses drawn) before the measurement starts.
//
// Hierarchy: the pycachesim speed anchor of perf-anchors.md — 32 KiB 8-way / 1 MiB 16-way / 8 MiB 16-way,
// 64-byte lines, LRU unless named (pycachesim 0.3.1: ≈ 19 M line accesses/s with its range API, quiet machine).
// Σ capacity = 148,032 lines, so the streaming shortcut (CacheHierarchy+Streaming.swift) can engage in 1 M lines.
//   ExactStreamLRU    one cold 64 MB sequential read (a weight tensor) as one call: streaming shortcut.
//   ExactLinesLRU     the same lines, one record per line, the whole trace in one call (`access(_ records:)`, as
//                     pycachesim's `load(list)`): the per-line path (every line misses every level) until a run of
//                     4,096 misses is checked to be a stream (every held line clean and below the next); later
//                     records are only counted and applied once (a rebuild of every level) when the state is read.
//   ExactLinesLRUPerCall  the same lines, one `access(address:bytes:write:)` call per line: no trace in memory
//                     (the batch above also streams its 24 MB of records), issue 11's per-line goal.
//   ExactL1HitsLRU    one record per line over a 16 KiB buffer (activations), 1 in 8 a write: first-level hits.
//   ExactRandomLRU    one record per line at random lines of 64 MiB: per-line path, mostly misses.
//   ExactLinesPLRU    ExactLinesLRU with tree-PLRU (its streaming shortcut applies whole replacement cycles at once).
//
// Each measurement ends with a `lookup`, which applies any deferred streaming work, so that work is measured.
//
// Side by side with pycachesim in one run: scripts/compare_pycachesim.sh (scripts/bench_pycachesim.py: same workloads).
// Run: cd Benchmarks && swift package -j 2 benchmark --target MemoryBenchmarks --no-progress < /dev/null

/// The anchor hierarchy, cold.
func anchorHierarchy(_ policy: ReplacementPolicy = .lru) throws -> CacheHierarchy {
    try CacheHierarchy(levels: [
        CacheLevelConfig(name: "L1", sets: 64, ways: 8, lineSize: 64),
        CacheLevelConfig(name: "L2", sets: 1024, ways: 16, lineSize: 64),
        CacheLevelConfig(name: "L3", sets: 8192, ways: 16, lineSize: 64),
    ], policy: policy)
}

/// One 64-byte read per line, in order.
func lineReads(_ addresses: [UInt64]) -> [TraceRecord] {
    addresses.map { TraceRecord(write: false, address: $0, bytes: 64) }
}

/// `count` line addresses: random lines of 64 MiB (SplitMix64, fixed seed).
func randomLines(count: Int) -> [UInt64] {
    var state: UInt64 = 1
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return ((z ^ (z >> 31)) % (1 << 20)) << 6
    }
}

/// Line accesses per benchmark iteration.
let lineAccesses = 1_000_000

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 1,
        maxDuration: .seconds(1),
        maxIterations: 20,
        // Throughput is wall clock inverted: the same relative tolerance (left out, it got package-benchmark's
        // default 5 % on p50, which an unchanged build on this shared machine failed at −13 %).
        thresholds: [
            .wallClock: .init(relative: [.p50: 25.0, .p90: 35.0]),
            .throughput: .init(relative: [.p50: 25.0, .p90: 35.0]),
            .mallocCountTotal: .init(absolute: [.p90: 0]),
        ])

    Benchmark("ExactStreamLRU", configuration: configuration) { benchmark in
        let h = try anchorHierarchy()
        benchmark.startMeasurement()
        h.access(address: 0, bytes: 64 * lineAccesses, write: false)
        blackHole(h.lookup(address: 0, level: 0))
        benchmark.stopMeasurement()
        blackHole(h.statistics.dramReadBytes)
    }

    Benchmark("ExactLinesLRU", configuration: configuration) { benchmark in
        let h = try anchorHierarchy()
        let records = lineReads((0..<UInt64(lineAccesses)).map { $0 << 6 })
        benchmark.startMeasurement()
        h.access(records)
        blackHole(h.lookup(address: 0, level: 0))
        benchmark.stopMeasurement()
        blackHole(h.statistics.dramReadBytes)
    }

    Benchmark("ExactLinesLRUPerCall", configuration: configuration) { benchmark in
        let h = try anchorHierarchy()
        benchmark.startMeasurement()
        for i in 0..<lineAccesses { h.access(address: UInt64(i) << 6, bytes: 64, write: false) }
        blackHole(h.lookup(address: 0, level: 0))
        benchmark.stopMeasurement()
        blackHole(h.statistics.dramReadBytes)
    }

    Benchmark("ExactL1HitsLRU", configuration: configuration) { benchmark in
        let h = try anchorHierarchy()
        let records = (0..<lineAccesses).map { TraceRecord(write: $0 & 7 == 0, address: UInt64($0 & 255) << 6, bytes: 64) }
        benchmark.startMeasurement()
        h.access(records)
        blackHole(h.lookup(address: 0, level: 0))
        benchmark.stopMeasurement()
        blackHole(h.statistics.dramReadBytes)
    }

    Benchmark("ExactRandomLRU", configuration: configuration) { benchmark in
        let h = try anchorHierarchy()
        let records = lineReads(randomLines(count: lineAccesses))
        benchmark.startMeasurement()
        h.access(records)
        blackHole(h.lookup(address: 0, level: 0))
        benchmark.stopMeasurement()
        blackHole(h.statistics.dramReadBytes)
    }

    Benchmark("ExactLinesPLRU", configuration: configuration) { benchmark in
        let h = try anchorHierarchy(.plru)
        let records = lineReads((0..<UInt64(lineAccesses)).map { $0 << 6 })
        benchmark.startMeasurement()
        h.access(records)
        blackHole(h.lookup(address: 0, level: 0))
        benchmark.stopMeasurement()
        blackHole(h.statistics.dramReadBytes)
    }

    fastModeBenchmarks()
}
