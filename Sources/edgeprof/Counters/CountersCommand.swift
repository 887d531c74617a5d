import ArgumentParser
import EdgeCounters
import Foundation

/// `edgeprof counters`: which events this machine can count, and the library's reason for each it cannot.
struct CountersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counters",
        abstract: "List the hardware and software events this machine can count (PAPI), and why the rest cannot.")

    @Option(help: "Output format: table, json, or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let opened = CounterAccess.open(environment: ProcessInfo.processInfo.environment)
        let availability = CounterAvailability.probe(opened, events: CounterAvailability.listed)
        switch format {
        case .json: try printJSON(CountersDocument(schemaVersion: schemaVersion, counters: availability))
        case .table, .csv: print(availability.table(csv: format == .csv, offReason: opened.offReason))
        }
    }
}

/// The `counters` JSON document.
struct CountersDocument: Encodable {
    var schemaVersion: Int
    var counters: CounterAvailability
}

extension Result where Success == any CounterLibrary, Failure == CounterError {
    /// Why counters are off, nil when the library opened.
    var offReason: String? {
        if case .failure(let error) = self { return error.reason }
        return nil
    }
}
