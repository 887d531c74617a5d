import ArgumentParser
import EdgeBench
import EdgeModel
import Foundation

/// `edgeprof merge`: joins the shard results of one `bench --shard` sweep into one result.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge bench shard results into the result an unsharded run writes (refuses overlaps, gaps, mixed suites).")

    @Argument(help: "Shard result files (every shard i/N of one sweep, in any order).")
    var files: [String]

    @Option(help: "Write the merged result here (atomically).")
    var output: String

    func run() throws {
        let parts = try files.map { (document: try BenchDocument.load(path: $0, flag: "FILES"), path: $0) }
        try OutputFile.write(stableJSON(BenchMerge.merge(parts)), to: output)
    }
}
