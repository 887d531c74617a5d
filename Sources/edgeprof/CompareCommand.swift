import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeProfiler
import Foundation

/// `edgeprof compare`: sharing strategies × repeat counts × devices for one base model.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare layer-sharing strategies and repeat counts across devices against the unshared model.",
        discussion: """
            Rows per device: the unshared model, immediate / repeat-all-over / reverse sharing ×k, and the unshared \
            model with k× the blocks (as deep as the shared ones), each simulated in fast mode (prompt 64, 16 tokens).
            """)

    @Option(help: "A preset name or a path to a Hugging Face config.json (its unshared form is the base).")
    var model = "mobilellm-125m"

    @Option(name: [.customLong("devices"), .customLong("device")],
            help: "Comma-separated device profile ids or paths, or 'all'.")
    var devices = "all"

    @Option(help: "Repeat counts: k, a list (2,3) or a range (2...4 or 2..4), each in 2...4; 1 is the unshared row.")
    var repeats = "2"

    @Option(help: "Weight precision (default: the model's).")
    var precision: String?

    @Option(help: "Compute only shard i of N (rows k with k mod N = i − 1), e.g. 2/4.")
    var shard: String?

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var report: ReportOptions

    struct Document: Encodable {
        var schemaVersion: Int
        var compare: CompareReport
    }

    func run() throws {
        var model = try loadModel(self.model)
        if let name = precision {
            guard let parsed = Precision(name: name) else {
                throw InputError(file: "<command line>", field: "--precision", "unknown precision '\(name)'")
            }
            model = model.with(precision: parsed)
        }
        let locator = profiles.locator
        let deviceProfiles = devices == "all" ? try locator.loadAll()
            : try devices.split(separator: ",").map { try locator.load($0.trimmingCharacters(in: .whitespaces), flag: "--devices") }
        var comparison = try SharingComparison(model: model, profiles: deviceProfiles, repeats: try repeatCounts())
        comparison.shard = try shard.map { try Shard(parsing: $0) }
        let progress = ProgressLine()
        let compare = try comparison.run(progress: progress.show)
        progress.clear()
        try report.emit(json: Document(schemaVersion: schemaVersion, compare: compare)) { compare.document }
    }

    /// `k`, `a,b`, `a...b` or `a..b`; the unshared row (k = 1) is always present, so 1 is dropped.
    private func repeatCounts() throws -> [Int] {
        let fail = InputError(file: "<command line>", field: "--repeats", "expected k, a list or a range in 1...4, got '\(repeats)'")
        let bounds = repeats.replacingOccurrences(of: "...", with: "..").components(separatedBy: "..")
        let counts: [Int]
        if bounds.count == 2 {
            guard let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high, low >= 1, high <= 4 else { throw fail }
            counts = Array(low...high)
        } else {
            counts = try repeats.split(separator: ",").map { guard let k = Int($0), (1...4).contains(k) else { throw fail }; return k }
        }
        let shared = counts.filter { $0 >= 2 }
        guard !shared.isEmpty else { throw fail }
        return shared
    }
}
