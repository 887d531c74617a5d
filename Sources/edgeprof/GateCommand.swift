import ArgumentParser
import EdgeBench
import EdgeModel
import EdgeReports
import Foundation

/// `edgeprof gate`: fails (exit 1) when a bench result regressed against a baseline.
struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Compare a bench result with a baseline; exit 1 on a regression, naming case, metric, old, new, change.",
        discussion: """
            Deterministic figures must match within a relative 1e-9 (a bad-direction change beyond --threshold \
            fails; direction-less per-level cache bytes fail on any change). Measured figures compare medians over \
            the repetitions (one process each) and fail only when the change exceeds the threshold (by default 10 % \
            for decode speed relative to the reference loop, 20 % for prefill tokens per CPU second) and a two-sided \
            Mann-Whitney U test gives p < 0.05; the other measured figures are reported and gate only when \
            --threshold names them. \
            Exit 0 pass, 1 regression, 2 bad input.
            """)

    @Option(help: "The baseline result JSON.")
    var baseline: String

    @Option(help: "The current result JSON.")
    var current: String

    @Option(help: ArgumentHelp("METRIC=PCT: allowed change in the bad direction, percent (repeatable).",
                               valueName: "METRIC=PCT"))
    var threshold: [String] = []

    @Option(help: "Output format: table, md (a pull-request comment) or json.")
    var format: GateFormat = .table

    @Option(help: "Also write the verdicts as JUnit XML to this file.")
    var junit: String?

    enum GateFormat: String, ExpressibleByArgument, CaseIterable { case table, md, json }

    func run() throws {
        let gate = Gate(policy: try GatePolicy(parsing: threshold))
        let report = try gate.compare(baseline: BenchDocument.load(path: baseline, flag: "--baseline"),
                                      current: BenchDocument.load(path: current, flag: "--current"),
                                      baselinePath: baseline, currentPath: current)
        if let junit { try OutputFile.write(JUnitReport.render(report), to: junit, flag: "--junit") }
        switch format {
        case .json: FileHandle.standardOutput.write(try stableJSON(report))
        case .md: print(ReportRenderer.render(report.document, as: .md).text)
        case .table: print(ReportRenderer.render(report.document, as: .table).text, terminator: "")
        }
        if !report.passed { throw ExitCode.failure }
    }
}
