import EdgeMemory
import EdgeModel
import Foundation

/// Device profiles and memory traces.
enum MemoryInputTargets {
    /// A profile that validates builds a cache hierarchy whose every level has size = sets × ways × line.
    static func profile(_ input: UnsafeRawBufferPointer) throws(ContractViolation) -> FuzzOutcome {
        return try Contract.typedErrorOrValid {
            let profile = try DeviceProfile.decode(Data(input), file: "profile.json")
            let hierarchy: CacheHierarchy
            do {
                hierarchy = try CacheHierarchy(profile: profile)
            } catch {
                throw ContractViolation("a validated profile builds no hierarchy: \(error)")
            }
            for (spec, level) in zip(profile.caches, hierarchy.levels) {
                try Contract.check(Double(level.sets) * Double(level.ways) * Double(level.lineSize) == spec.size.base,
                               "\(spec.name): \(level.sets) × \(level.ways) × \(level.lineSize) ≠ \(spec.size.base)")
            }
        }
    }

    /// A parsed trace has records in bounds; replayed through two small levels, the first level sees one access
    /// (a hit or a miss) per 64-byte line each record touches.
    static func trace(_ input: UnsafeRawBufferPointer) throws(ContractViolation) -> FuzzOutcome {
        return try Contract.typedErrorOrValid {
            let records = try MemoryTrace.parse(Data(input), file: "trace")
            let lines = input.reduce(into: 1) { count, byte in if byte == UInt8(ascii: "\n") { count += 1 } }
            try Contract.check(records.count <= lines, "\(records.count) records from \(lines) lines")
            var touched = 0.0
            for record in records {
                try Contract.check((1...MemoryTrace.maxRecordBytes).contains(record.bytes), "record of \(record.bytes) bytes")
                let (_, overflow) = record.address.addingReportingOverflow(UInt64(record.bytes - 1))
                try Contract.check(!overflow, "record at \(record.address) runs past 2^64")
                touched += Double((record.address + UInt64(record.bytes - 1)) / 64 - record.address / 64 + 1)
            }
            guard touched <= 65_536 else { return }  // keep each input fast
            let hierarchy = try CacheHierarchy(levels: [
                CacheLevelConfig(name: "L1", sets: 16, ways: 4, lineSize: 64),
                CacheLevelConfig(name: "L2", sets: 64, ways: 8, lineSize: 64),
            ])
            for record in records { hierarchy.access(address: record.address, bytes: record.bytes, write: record.write) }
            let first = hierarchy.statistics.levels[0]
            try Contract.check(Double(first.hits + first.misses) == touched,
                           "L1 saw \(first.hits + first.misses) line accesses, the records touch \(touched)")
        }
    }
}
