import ArgumentParser
import EdgeReports
import Foundation

/// The formats every command can print.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Version of the JSON documents EdgeProf prints; bump it when a field changes meaning or disappears.
let schemaVersion = 1

/// Prints `value` as stable JSON (sorted keys, pretty-printed, no escaped slashes).
func printJSON<T: Encodable>(_ value: T) throws {
    print(try ReportJSON.text(value), terminator: "")
}
