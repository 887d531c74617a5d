import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeReports
import Foundation

/// `edgeprof replay`: a plain-text memory trace through a device's cache levels (exact mode), per-level counts.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a memory trace through a device's cache levels and print per-level statistics.",
        discussion: """
            Trace format: one access per line, 'R|W hex-address size' (e.g. 'W 0x7f001040 64'); '#' starts a \
            comment. Every level is write-back and write-allocate. Table output ends with the simulation speed.
            """)

    @Option(help: "Trace file.")
    var trace: String

    @Option(help: "A device profile id (see `edgeprof devices`) or a path to a profile JSON file.")
    var hierarchy: String

    @Option(help: "Replacement policy: lru, plru or random.")
    var policy: ReplacementPolicy = .lru

    @Option(help: "Seed of the random replacement policy.")
    var seed: UInt64 = 0

    @Option(name: .customLong("writeback-miss"),
            help: "A write-back that misses a level: allocate (no fetch) or fetch (pycachesim's write-allocate).")
    var writebackMiss: WritebackMissPolicy = .allocate

    @OptionGroup var profiles: ProfileOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    /// The JSON document.
    struct Report: Encodable {
        var schemaVersion: Int
        var trace: String
        var device: String
        var policy: ReplacementPolicy
        var seed: UInt64
        var writebackMiss: WritebackMissPolicy
        var levels: [CacheLevelConfig]
        var statistics: HierarchyStatistics
    }

    func run() throws {
        let profile = try profiles.locator.load(hierarchy, flag: "--hierarchy")
        let records = try MemoryTrace.load(path: trace)
        let cache = try CacheHierarchy(profile: profile, policy: policy, seed: seed, writebackMiss: writebackMiss)
        let clock = ContinuousClock()
        let start = clock.now
        cache.access(records)
        let elapsed = clock.now - start
        let stats = cache.statistics
        switch format {
        case .json:
            try printJSON(Report(schemaVersion: schemaVersion, trace: trace, device: profile.id, policy: policy, seed: seed,
                                 writebackMiss: writebackMiss, levels: cache.levels, statistics: stats))
        case .csv:
            print(table(cache.levels, stats).csv())
        case .table:
            print("\(profile.name) (\(profile.soc)), \(policy.rawValue), \(records.count) accesses, \(stats.lineAccesses) line accesses")
            print(table(cache.levels, stats).render())
            print("DRAM: \(stats.dramReadBytes) B read, \(stats.dramWriteBytes) B written")
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if seconds > 0 {
                print(String(format: "simulated in %.3f s: %.1f M line accesses/s", seconds, Double(stats.lineAccesses) / seconds / 1e6))
            }
        }
    }

    private func table(_ levels: [CacheLevelConfig], _ stats: HierarchyStatistics) -> TextTable {
        var t = TextTable(["level", "inclusion", "size B", "ways", "line B", "hits", "misses", "hit rate",
                           "evictions", "writebacks", "invalidations", "bytes served", "bytes written back"])
        for (config, s) in zip(levels, stats.levels) {
            let requests = s.hits + s.misses
            let rate = requests == 0 ? "-" : String(format: "%.4f", Double(s.hits) / Double(requests))
            t.add([config.name, config.inclusion.rawValue, "\(config.size)", "\(config.ways)", "\(config.lineSize)",
                   "\(s.hits)", "\(s.misses)", rate, "\(s.evictions)", "\(s.writebacks)", "\(s.invalidations)",
                   "\(s.bytesServed)", "\(s.bytesWrittenBack)"])
        }
        return t
    }
}

extension WritebackMissPolicy: ExpressibleByArgument {}
