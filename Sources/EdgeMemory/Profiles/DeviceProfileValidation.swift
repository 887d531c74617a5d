import EdgeModel
import Foundation

extension DeviceProfile {
    /// Base-unit ranges outside which a value is a typo, not a device (bytes/s, op/s, bytes).
    static let plausible: [QuantityDimension: ClosedRange<Double>] = [
        .bandwidth: 1e6...1e15, .throughput: 1e6...1e18, .bytes: 1...0x1p52,
    ]

    /// Longest identifier or name (ids, names, SoC, cache level names, unit ids, memory types), in characters.
    public static let maxNameLength = 64
    /// Longest free text (sources, notes, descriptions), in characters.
    public static let maxTextLength = 2_000

    /// Every text field with its JSON path and whether it is a name (short) or free text.
    private var textFields: [(path: String, text: String, isName: Bool)] {
        var fields: [(String, String, Bool)] = [("id", id, true), ("name", name, true), ("soc", soc, true),
                                                ("notes", notes ?? "", false), ("compute.modelUnit", compute.modelUnit, true),
                                                ("dram.type", dram.type, true), ("flash.type", flash.type, true)]
        for (u, unit) in compute.units.enumerated() {
            fields += [("compute.units[\(u)].id", unit.id, true), ("compute.units[\(u)].description", unit.description, false)]
            for (key, q) in unit.peaks { fields.append(("compute.units[\(u)].peaks.\(key).source", q.source, false)) }
            for (key, q) in unit.opEnergy { fields.append(("compute.units[\(u)].opEnergy.\(key).source", q.source, false)) }
            for (key, q) in unit.matvecPeaks ?? [:] { fields.append(("compute.units[\(u)].matvecPeaks.\(key).source", q.source, false)) }
            for (name, table) in [("kernelPeaks", unit.kernelPeaks), ("kernelRowPeaks", unit.kernelRowPeaks)] {
                for (key, q) in table ?? [:] { fields.append(("compute.units[\(u)].\(name).\(key).source", q.source, false)) }
            }
        }
        for (l, level) in caches.enumerated() {
            fields += [("caches[\(l)].name", level.name, true), ("caches[\(l)].sharedBy", level.sharedBy, true)]
            for (field, q) in [("size", level.size), ("lineSize", level.lineSize), ("ways", level.ways), ("sets", level.sets),
                               ("latency", level.latency), ("bandwidth", level.bandwidth), ("energy", level.energy)] {
                fields.append(("caches[\(l)].\(field).source", q.source, false))
            }
            if let r = level.retention {
                fields += [("caches[\(l)].retention.fullUpTo.source", r.fullUpTo.source, false),
                           ("caches[\(l)].retention.noneFrom.source", r.noneFrom.source, false)]
            }
        }
        for (field, q) in [("dram.capacity", dram.capacity), ("dram.peakBandwidth", dram.peakBandwidth),
                           ("dram.achievableFraction", dram.achievableFraction), ("dram.energy", dram.energy),
                           ("dram.latency", dram.latency), ("dram.appBudgetFraction", dram.appBudgetFraction),
                           ("flash.readBandwidth", flash.readBandwidth), ("flash.energy", flash.energy),
                           ("power.staticPower", power.staticPower), ("overheads.perOp", overheads.perOp),
                           ("overheads.perOpSetup", overheads.perOpSetup), ("overheads.loadFixed", overheads.loadFixed),
                           ("overheads.initFixed", overheads.initFixed)] {
            fields.append((field + ".source", q.source, false))
        }
        for (key, q) in dram.kernelReadBandwidth ?? [:] { fields.append(("dram.kernelReadBandwidth.\(key).source", q.source, false)) }
        for (key, q) in dram.kernelReuseBandwidth ?? [:] { fields.append(("dram.kernelReuseBandwidth.\(key).source", q.source, false)) }
        for (key, q) in dram.kernelReuseDistance ?? [:] { fields.append(("dram.kernelReuseDistance.\(key).source", q.source, false)) }
        return fields
    }

    /// Checks what decoding cannot: units of the right dimension, finite non-negative values, cache geometry
    /// (size = sets × ways × line, power-of-two lines and sets, 1…16 ways, lines non-decreasing towards
    /// memory, memory-side levels last, a retention that falls to none above where it is full), fractions in (0, 1], a known model unit, known precision keys, and text no
    /// longer than `maxNameLength` (names) or `maxTextLength` (sources, notes), so tables stay readable.
    ///
    /// - Throws: `InputError` naming `file` and the JSON path of the first bad field (`caches[1].size`).
    public func validate(file: String) throws {
        func fail(_ field: String, _ reason: String) -> InputError { InputError(file: file, field: field, reason) }
        func check(_ q: Quantity, _ field: String, _ dimension: QuantityDimension, positive: Bool = true) throws {
            guard q.unit.dimension == dimension else {
                throw fail(field + ".unit", "unit \(q.unit.rawValue) measures \(q.unit.dimension.rawValue), expected \(dimension.rawValue)")
            }
            guard q.value.isFinite else { throw fail(field + ".value", "not a finite number") }
            guard q.value >= 0 else { throw fail(field + ".value", "negative value \(q.value)") }
            if positive, q.value == 0 { throw fail(field + ".value", "must be greater than zero") }
            if let range = Self.plausible[dimension], q.value > 0, !range.contains(q.base) {
                throw fail(field + ".value", "\(q.value) \(q.unit.rawValue) is outside the plausible range "
                           + "\(range.lowerBound)…\(range.upperBound) (base units)")
            }
            guard !q.source.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(field + ".source", "empty source") }
        }
        func checkFraction(_ q: Quantity, _ field: String) throws {
            try check(q, field, .fraction)
            guard q.value <= 1 else { throw fail(field + ".value", "fraction \(q.value) is greater than 1") }
        }
        func integer(_ q: Quantity, _ field: String) throws -> Int {
            guard q.base.rounded() == q.base, q.base <= Double(1 << 52) else {
                throw fail(field + ".value", "\(q.value) \(q.unit.rawValue) is not a whole number")
            }
            return Int(q.base)
        }

        guard schemaVersion == Self.currentSchemaVersion else {
            throw fail("schemaVersion", "version \(schemaVersion) is not supported (expected \(Self.currentSchemaVersion))")
        }
        for field in textFields {
            let limit = field.isName ? Self.maxNameLength : Self.maxTextLength
            // Counting stops at the limit, so an absurd string costs no more than a valid one.
            if field.text.unicodeScalars.dropFirst(limit).first != nil {
                throw fail(field.path, "is longer than \(limit) characters")
            }
        }
        guard !id.isEmpty, id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw fail("id", "'\(id)' must be non-empty lower-case letters, digits and '-'")
        }

        guard !compute.units.isEmpty else { throw fail("compute.units", "no compute unit") }
        for (u, unit) in compute.units.enumerated() {
            let path = "compute.units[\(u)]"
            guard !unit.peaks.isEmpty else { throw fail(path + ".peaks", "no peak listed") }
            for (table, name) in [(unit.peaks, "peaks"), (unit.opEnergy, "opEnergy"), (unit.matvecPeaks ?? [:], "matvecPeaks")] {
                for key in table.keys.sorted() {
                    guard ComputeUnit.precisionKeys.contains(key) else {
                        throw fail("\(path).\(name).\(key)", "unknown precision (expected one of \(ComputeUnit.precisionKeys.sorted().joined(separator: ", ")))")
                    }
                }
            }
            for (key, q) in unit.peaks.sorted(by: { $0.key < $1.key }) { try check(q, "\(path).peaks.\(key)", .throughput) }
            for (key, q) in unit.opEnergy.sorted(by: { $0.key < $1.key }) { try check(q, "\(path).opEnergy.\(key)", .energyPerOp) }
            for (key, q) in (unit.matvecPeaks ?? [:]).sorted(by: { $0.key < $1.key }) {
                try check(q, "\(path).matvecPeaks.\(key)", .throughput)
            }
            for (name, table) in [("kernelPeaks", unit.kernelPeaks), ("kernelRowPeaks", unit.kernelRowPeaks)] {
                for (key, q) in (table ?? [:]).sorted(by: { $0.key < $1.key }) {
                    guard OpKernel(rawValue: key) != nil else {
                        throw fail("\(path).\(name).\(key)", "unknown kernel (expected one of \(OpKernel.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    try check(q, "\(path).\(name).\(key)", .throughput)
                }
            }
        }
        guard compute.model != nil else {
            throw fail("compute.modelUnit", "'\(compute.modelUnit)' is not the id of a unit in compute.units")
        }

        for (l, level) in caches.enumerated() {
            let path = "caches[\(l)]"
            try check(level.size, path + ".size", .bytes)
            try check(level.lineSize, path + ".lineSize", .bytes)
            try check(level.ways, path + ".ways", .count)
            try check(level.sets, path + ".sets", .count)
            try check(level.latency, path + ".latency", .time)
            try check(level.bandwidth, path + ".bandwidth", .bandwidth)
            try check(level.energy, path + ".energy", .energyPerByte)
            for (q, field) in [(level.size, "size"), (level.lineSize, "lineSize"), (level.ways, "ways"), (level.sets, "sets")] {
                _ = try integer(q, "\(path).\(field)")
            }
            if let r = level.retention {
                try check(r.fullUpTo, path + ".retention.fullUpTo", .bytes, positive: false)
                try check(r.noneFrom, path + ".retention.noneFrom", .bytes)
                guard r.noneFrom.base > r.fullUpTo.base else {
                    throw fail(path + ".retention.noneFrom", "\(r.noneFrom.value) \(r.noneFrom.unit.rawValue) is not above fullUpTo")
                }
            }
        }
        let levels = caches.map(CacheLevelConfig.init)
        try CacheLevelConfig.validate(levels, file: file, list: "caches")
        for (l, (spec, level)) in zip(caches, levels).enumerated() where Int(spec.size.base) != level.size {
            throw fail("caches[\(l)].size", "\(Int(spec.size.base)) B ≠ sets × ways × lineSize = \(level.sets) × "
                       + "\(level.ways) × \(level.lineSize) = \(level.size) B")
        }

        try check(dram.capacity, "dram.capacity", .bytes)
        _ = try integer(dram.capacity, "dram.capacity")
        try check(dram.peakBandwidth, "dram.peakBandwidth", .bandwidth)
        try checkFraction(dram.achievableFraction, "dram.achievableFraction")
        try check(dram.energy, "dram.energy", .energyPerByte)
        try check(dram.latency, "dram.latency", .time)
        try checkFraction(dram.appBudgetFraction, "dram.appBudgetFraction")
        for (key, q) in (dram.kernelReadBandwidth ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard ComputeUnit.precisionKeys.contains(key) else {
                throw fail("dram.kernelReadBandwidth.\(key)",
                           "unknown precision (expected one of \(ComputeUnit.precisionKeys.sorted().joined(separator: ", ")))")
            }
            try check(q, "dram.kernelReadBandwidth.\(key)", .bandwidth)
        }
        let reuse = dram.kernelReuseBandwidth ?? [:], distance = dram.kernelReuseDistance ?? [:]
        for (key, q) in reuse.sorted(by: { $0.key < $1.key }) {
            guard ComputeUnit.precisionKeys.contains(key) else {
                throw fail("dram.kernelReuseBandwidth.\(key)",
                           "unknown precision (expected one of \(ComputeUnit.precisionKeys.sorted().joined(separator: ", ")))")
            }
            try check(q, "dram.kernelReuseBandwidth.\(key)", .bandwidth)
            guard let d = distance[key] else {
                throw fail("dram.kernelReuseDistance.\(key)", "is missing: kernelReuseBandwidth.\(key) needs its block's bytes")
            }
            try check(d, "dram.kernelReuseDistance.\(key)", .bytes)
        }
        if let key = distance.keys.sorted().first(where: { reuse[$0] == nil }) {
            throw fail("dram.kernelReuseDistance.\(key)", "has no kernelReuseBandwidth.\(key) beside it")
        }
        try check(flash.readBandwidth, "flash.readBandwidth", .bandwidth)
        try check(flash.energy, "flash.energy", .energyPerByte)
        try check(power.staticPower, "power.staticPower", .power)
        try check(overheads.perOp, "overheads.perOp", .time, positive: false)
        try check(overheads.perOpSetup, "overheads.perOpSetup", .time, positive: false)
        try check(overheads.loadFixed, "overheads.loadFixed", .time, positive: false)
        try check(overheads.initFixed, "overheads.initFixed", .time, positive: false)
    }
}
