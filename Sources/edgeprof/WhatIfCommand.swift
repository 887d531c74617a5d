import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeProfiler
import EdgeReports
import Foundation

/// `edgeprof whatif`: which models and precisions fit a device's memory budget, and the best of those that do.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Which models × precisions fit a memory budget, with what context, and which is fastest there.",
        discussion: """
            Memory per candidate = weights + KV cache at --context + activation buffers (steps of 64 tokens) + \
            runtime overhead. Candidates that fit are simulated on the device (fast mode, prompt 64, 16 tokens).
            """)

    @Option(help: "A device profile id or a path to a profile JSON file.")
    var device = "iphone13"

    @Option(help: "DRAM capacity to assume instead of the profile's (e.g. 6GB); the budget fraction still applies.")
    var dram: String?

    @Option(help: "Memory budget: a size (600MB, 1.5GiB) or a share of DRAM (25%). Default: the profile's app budget.")
    var budget: String?

    @Option(help: "KV-cache positions to size every candidate for.")
    var context = 2048

    @Option(help: "Comma-separated presets or config.json paths (default: every preset).")
    var models: String?

    @Option(help: "Comma-separated weight precisions (default: f32,f16,bf16,int8,int4).")
    var precisions: String?

    @Option(name: .customLong("kv-precision"), help: "KV-cache precision: f32 or f16.")
    var kvPrecision = "f16"

    @Option(name: .customLong("runtime-overhead"),
            help: "Resident bytes of the runtime itself (default 25MB: EdgeProf's runtime measured on this host).")
    var runtimeOverhead = "25MB"

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var report: ReportOptions

    struct Document: Encodable {
        var schemaVersion: Int
        var whatif: WhatIfReport
    }

    func run() throws {
        var profile = try profiles.locator.load(device)
        if let dram {
            guard case .bytes(let bytes) = try MemoryAmount(parsing: dram, flag: "--dram") else {
                throw InputError(file: "<command line>", field: "--dram", "must be a size (e.g. 6GB), not a share")
            }
            profile.dram.capacity = Quantity(Double(bytes), .B, .estimate, source: "--dram \(dram)")
            profile.name += " with \(dram) DRAM (--dram)"
        }
        let dramBytes = Int(profile.dram.capacity.base)
        let budgetBytes: Int, note: String
        if let budget {
            budgetBytes = try MemoryAmount(parsing: budget, flag: "--budget").bytes(of: dramBytes)
            note = "--budget \(budget)"
        } else {
            budgetBytes = MemoryFootprint.budgetBytes(of: profile)
            note = "\(EdgeReports.fixed(profile.dram.appBudgetFraction.base * 100, 0))% of DRAM (\(profile.id)'s app budget)"
        }
        guard case .bytes(let overhead) = try MemoryAmount(parsing: runtimeOverhead, flag: "--runtime-overhead") else {
            throw InputError(file: "<command line>", field: "--runtime-overhead", "must be a size, not a share")
        }
        let configs = try models.map { try list($0).map { try loadModel($0, flag: "--models") } } ?? Presets.all
        let precisionList = try (precisions.map(list) ?? Precision.all.map(\.name)).map { name in
            guard let p = Precision(name: name) else {
                throw InputError(file: "<command line>", field: "--precisions", "unknown precision '\(name)'")
            }
            return p
        }
        guard let kv = Precision(name: kvPrecision) else {
            throw InputError(file: "<command line>", field: "--kv-precision", "must be f32 or f16, got '\(kvPrecision)'")
        }
        let source = runtimeOverhead == "25MB"
            ? "peak resident memory of `edgeprof run` on a tiny model on the build host (25.4 MB): runtime code, "
                + "Swift runtime, allocator; a phone runtime differs (--runtime-overhead)"
            : "--runtime-overhead \(runtimeOverhead)"
        let progress = ProgressLine()
        let whatif = try WhatIfAnalysis(
            profile: profile, budgetBytes: budgetBytes, budgetNote: note, models: configs, precisions: precisionList,
            kvPrecision: kv, context: context, runtimeOverheadBytes: overhead, runtimeOverheadSource: source)
            .run(progress: progress.show)
        progress.clear()
        try report.emit(json: Document(schemaVersion: schemaVersion, whatif: whatif)) { whatif.document }
    }

    private func list(_ text: String) throws -> [String] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw InputError(file: "<command line>", field: "--models/--precisions", "is empty") }
        return items
    }
}
