import ArgumentParser
import EdgeMemory
import EdgeModel
import EdgeReports
import Foundation

/// `edgeprof devices`: the device profiles, as a summary table or one profile in full.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List device profiles, or show one with every value, unit, kind and source.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    /// Options both subcommands take.
    struct Options: ParsableArguments {
        @OptionGroup var profiles: ProfileOptions

        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table
    }

    /// `edgeprof devices [list]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per device profile.")

        @OptionGroup var options: Options

        /// One row of the JSON listing (base units).
        struct Summary: Encodable {
            var id: String
            var name: String
            var soc: String
            var caches: [CacheLevelConfig]
            var dramBytes: Double
            var dramBytesPerSecond: Double
            var flashBytesPerSecond: Double
            var modelUnit: String
            var modelUnitPeaks: [String: Double]
        }

        struct Document: Encodable {
            var schemaVersion: Int
            var devices: [Summary]
        }

        func run() throws {
            let profiles = try options.profiles.locator.loadAll()
            switch options.format {
            case .json:
                try printJSON(Document(schemaVersion: schemaVersion, devices: profiles.map { p in
                    Summary(id: p.id, name: p.name, soc: p.soc, caches: p.caches.map(CacheLevelConfig.init),
                            dramBytes: p.dram.capacity.base, dramBytesPerSecond: p.dram.peakBandwidth.base,
                            flashBytesPerSecond: p.flash.readBandwidth.base, modelUnit: p.compute.modelUnit,
                            modelUnitPeaks: (p.compute.model?.peaks ?? [:]).mapValues(\.base))
                }))
            case .csv:
                print(table(profiles).csv())
            case .table:
                print(table(profiles).render())
            }
        }

        private func table(_ profiles: [DeviceProfile]) -> TextTable {
            var t = TextTable(["id", "name", "SoC", "caches", "DRAM GB", "DRAM GB/s", "flash GB/s", "model unit", "peak f32/f16/int8 G/s"])
            for p in profiles {
                let caches = p.caches.map { "\($0.name) \(bytes($0.size.base))" }.joined(separator: " / ")
                let unit = p.compute.model
                let peaks = ["f32", "f16", "int8"].map { key in unit?.peaks[key].map { fmt($0.base / 1e9) } ?? "-" }.joined(separator: "/")
                t.add([p.id, p.name, p.soc, caches, fmt(p.dram.capacity.base / 1e9), fmt(p.dram.peakBandwidth.base / 1e9),
                       fmt(p.flash.readBandwidth.base / 1e9), p.compute.modelUnit, peaks])
            }
            return t
        }
    }

    /// `edgeprof devices show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Every field of one profile.")

        @Argument(help: "A device profile id or a path to a profile JSON file.")
        var device: String

        @OptionGroup var options: Options

        struct Document: Encodable {
            var schemaVersion: Int
            var profile: DeviceProfile
        }

        func run() throws {
            let p = try options.profiles.locator.load(device)
            switch options.format {
            case .json:
                try printJSON(Document(schemaVersion: schemaVersion, profile: p))
            case .csv:
                print(table(p).csv())
            case .table:
                print("\(p.name) — \(p.soc) (id \(p.id))")
                if let notes = p.notes { print(notes) }
                print("model runs on: \(p.compute.modelUnit)")
                for (u, unit) in p.compute.units.enumerated() {
                    print("compute.units[\(u)]: \(unit.id) (\(unit.type.rawValue)) \(unit.description)")
                }
                for (l, c) in p.caches.enumerated() {
                    print("caches[\(l)]: \(c.name), \(c.inclusion.rawValue), shared: \(c.sharedBy)")
                }
                print("dram: \(p.dram.type); flash: \(p.flash.type)")
                // The source column is long free text: left-aligned after the aligned numeric columns.
                var numbers = TextTable(["field", "value", "unit", "kind"])
                for (field, q) in p.quantities { numbers.add([field, fmt(q.value), q.unit.rawValue, q.kind.rawValue]) }
                let sources = ["source", "------"] + p.quantities.map(\.quantity.source)
                for (line, source) in zip(numbers.render().split(separator: "\n"), sources) { print(line + "  " + source) }
            }
        }

        private func table(_ p: DeviceProfile) -> TextTable {
            var t = TextTable(["field", "value", "unit", "kind", "source"])
            for (field, q) in p.quantities {
                t.add([field, fmt(q.value), q.unit.rawValue, q.kind.rawValue, q.source])
            }
            return t
        }
    }
}

/// A number without a trailing `.0`.
private func fmt(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.3g", x)
}

/// Bytes with a binary prefix (`128K`, `12M`).
private func bytes(_ b: Double) -> String {
    if b >= 1_048_576 { return fmt(b / 1_048_576) + "M" }
    if b >= 1024 { return fmt(b / 1024) + "K" }
    return fmt(b) + "B"
}
