import ArgumentParser
import EdgeCounters
import EdgeModel
import Foundation

/// `edgeprof host`: this machine's topology (hwloc) and a calibration measured with EdgeProf's own code, written
/// as a device profile that `simulate --device` and `validate` load.
struct HostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Measure this host (hwloc topology; read bandwidth per cache level and DRAM; matmul throughput; "
            + "per-op overhead) and optionally write it as a device profile.")

    @Option(help: "Threads the profile describes (default: every core); the sweep also runs with one thread.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("max-mib"), help: "Largest working set of the bandwidth sweep, MiB (16...16384).")
    var maxMiB: Int = 1024

    @Flag(help: "Time each point once over few bytes (a smoke test; rough figures).")
    var quick = false

    @Option(help: "Write the profile (DeviceProfiles schema) to this file.")
    var output: String?

    @Option(help: "Output format: table or json (the whole measurement).")
    var format: OutputFormat = .table

    func run() throws {
        guard threads >= 1 && threads <= 256 else {
            throw InputError(file: "<command line>", field: "--threads", "must be in 1...256, got \(threads)")
        }
        guard maxMiB >= 16 && maxMiB <= 16384 else {
            throw InputError(file: "<command line>", field: "--max-mib", "must be in 16...16384, got \(maxMiB)")
        }
        let calibration = try HostMeasurement.measure(threads: threads, maxMiB: maxMiB, quick: quick)
        let profile = try calibration.profile()
        if let output { try OutputFile.write(try HostMeasurement.encode(profile), to: output) }
        switch format {
        case .json: try printJSON(HostDocument(schemaVersion: schemaVersion, host: calibration))
        case .table, .csv: print(calibration.table(profile: profile))
        }
    }
}

/// The `host` JSON document: every figure in it is a measurement of this host.
struct HostDocument: Encodable {
    var schemaVersion: Int
    var host: HostCalibration
}

/// Runs the calibration with the date and the command line it records.
enum HostMeasurement {
    static func measure(threads: Int, maxMiB: Int, quick: Bool) throws -> HostCalibration {
        #if DEBUG
        FileHandle.standardError.write(Data("edgeprof: a debug build: calibration figures are far below release speed\n".utf8))
        #endif
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let command = (["edgeprof"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        do {
            return try HostCalibration.measure(threads: threads, maxBytes: maxMiB << 20, quick: quick,
                                               date: formatter.string(from: Date()), command: command)
        } catch let error as CounterError {
            throw EnvironmentError("hwloc: \(error.reason)")
        }
    }

    /// The profile as its file holds it: sorted keys, pretty-printed.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}
