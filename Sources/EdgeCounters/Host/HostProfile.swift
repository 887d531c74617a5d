import EdgeMemory
import Foundation

extension HostCalibration {
    /// This host as a device profile (DeviceProfiles schema): cache geometry from hwloc, bandwidths, compute,
    /// per-op overhead from the measurements; a level whose effective capacity (sweep) is smaller than hwloc's
    /// size gets the effective one, and its source says so. Figures nothing here measures are estimates that say so.
    /// - Throws: `InputError` if the result fails the profile validation `simulate --device` applies.
    public func profile(id: String = "host") throws -> DeviceProfile {
        let measured = "measured by edgeprof host on \(date): \(command)"
        let sweep = profileSweep
        let threadNote = "\(threads) thread\(threads == 1 ? "" : "s")"
        func q(_ value: Double, _ unit: QuantityUnit, _ kind: QuantityKind, _ source: String) -> [String: Any] {
            ["value": value, "unit": unit.rawValue, "kind": kind.rawValue, "source": source]
        }
        let notEnergy = "estimate: not measured on this host (no energy counters read); order of magnitude of a server "
            + "core's SRAM/DRAM access energy (Horowitz ISSCC 2014, scaled); the host profile is for time, not energy"
        var caches: [[String: Any]] = []
        for (index, cache) in topology.caches.enumerated() {
            guard index < sweep.levels.count else { break }
            let level = sweep.levels[index]
            let line = max(cache.lineBytes, 1)
            let ways = cache.associativity > 0 ? min(cache.associativity, 16) : 16
            var capacity = Double(cache.sizeBytes)
            var sizeSource = "hwloc \(topology.hwlocVersion): \(cache.name) \(cache.sizeBytes) B per instance, "
                + "\(cache.instances) instance(s), shared by \(cache.sharedByThreads) hardware thread(s)"
            var sizeKind = QuantityKind.spec
            // The effective capacity per instance: the sweep's capacity divided by the instances the threads reach.
            let reach = max(1, level.reportedSweepBytes / max(cache.sizeBytes, 1))
            if let effective = level.effectiveSweepBytes, UInt64(effective) < level.reportedSweepBytes / 2 {
                capacity = Double(effective) / Double(reach)
                sizeKind = .measured
                sizeSource = "\(measured): read bandwidth falls off above a \(effective >> 10) KiB working set "
                    + "(\(threadNote)), which the model uses; hwloc \(topology.hwlocVersion) reports \(cache.sizeBytes) B, "
                    + "which this machine does not deliver"
            }
            var sets = 1
            while Double(sets * 2 * ways * line) <= capacity { sets *= 2 }
            let size = Double(sets * ways * line)
            if size != capacity {
                sizeSource += "; rounded down to \(sets) sets × \(ways) ways × \(line) B (the simulators need "
                    + "power-of-two sets and at most 16 ways)"
            }
            caches.append([
                "name": cache.name == "L1d" ? "L1D" : cache.name,
                "sharedBy": cache.sharedByThreads <= 1 ? "per core" : "\(cache.sharedByThreads) hardware threads",
                "inclusion": CacheInclusion.nonInclusive.rawValue,
                "size": q(size, .B, sizeKind, sizeSource),
                "lineSize": q(Double(line), .B, .spec, "hwloc \(topology.hwlocVersion)"),
                "ways": q(Double(ways), .count, .spec, cache.associativity > 16
                    ? "hwloc reports \(cache.associativity) ways; the exact simulator holds at most 16"
                    : "hwloc \(topology.hwlocVersion)"),
                "sets": q(Double(sets), .count, .spec, "derived: size / (ways × lineSize) = \(Int(size)) / (\(ways) × \(line))"),
                "latency": q(1, .ns, .estimate, "estimate: not measured (the cost model uses bandwidths, not latencies)"),
                "bandwidth": q(level.bytesPerSecond / 1e9, .GBps, .measured,
                               "\(measured): best read bandwidth of working sets served by \(cache.name), \(threadNote)"),
                "energy": q(Double(index + 1) * 0.5, .pJPerByte, .estimate, notEnergy)])
        }
        let memory = Double(topology.numaNodeBytes.reduce(0, +))
        var peaks: [String: Any] = [:], matvec: [String: Any] = [:]
        var energies: [String: Any] = [:]
        for (key, rate) in opsPerSecond.sorted(by: { $0.key < $1.key }) {
            peaks[key] = q(rate / 1e9, key.hasPrefix("int") ? .GOPs : .GFLOPs, .measured,
                           "\(measured): the runtime's \(key) matmul (gate+up, 2 × 512 × 256, \(ComputeCalibration.tokens) "
                           + "tokens, L2-resident), best of 20, \(threadNote)")
            energies[key] = q(20, .pJPerOp, .estimate, notEnergy)
        }
        for (key, rate) in matvecOpsPerSecond.sorted(by: { $0.key < $1.key }) {
            matvec[key] = q(rate / 1e9, key.hasPrefix("int") ? .GOPs : .GFLOPs, .measured,
                            "\(measured): the runtime's \(key) matrix-vector product (gate+up, 2 × 512 × 256, 1 token, "
                            + "L2-resident), best of \(ComputeCalibration.matvecRepeats), \(threadNote)")
        }
        let unit: [String: Any] = [
            "id": "cpu", "type": "cpu", "peaks": peaks, "matvecPeaks": matvec, "opEnergy": energies,
            "description": "\(topology.cores) cores, \(topology.threads) hardware threads: \(topology.cpuModel); "
                + "figures for \(threadNote)"]
        let dram: [String: Any] = [
            "type": "host memory (\(topology.numaNodeBytes.count) NUMA node\(topology.numaNodeBytes.count == 1 ? "" : "s"))",
            "capacity": q(memory, .B, .spec, "hwloc \(topology.hwlocVersion): NUMA local memory"),
            "peakBandwidth": q(sweep.dramBytesPerSecond / 1e9, .GBps, .measured,
                               "\(measured): median read bandwidth of working sets past the last cache level's effective "
                               + "capacity, \(threadNote)"),
            "achievableFraction": q(1, .fraction, .measured, "the peak above is already what a read stream achieves here"),
            "energy": q(10, .pJPerBit, .estimate, notEnergy),
            "latency": q(100, .ns, .estimate, "estimate: not measured (the cost model uses bandwidths, not latencies)"),
            "appBudgetFraction": q(0.5, .fraction, .estimate, "estimate: a shared host; half the memory for one process")]
        let document: [String: Any] = [
            "schemaVersion": DeviceProfile.currentSchemaVersion, "id": id, "name": "This host (\(topology.cpuModel))",
            "soc": topology.cpuModel.isEmpty ? "unknown CPU" : topology.cpuModel,
            "notes": "Calibrated by `\(command)` on \(date) with \(threadNote). Cache sizes are hwloc's per instance except "
                + "where the sweep shows less; bandwidths are aggregate over the threads.",
            "compute": ["modelUnit": "cpu", "units": [unit]], "caches": caches, "dram": dram,
            "flash": ["type": "host file system (page cache)",
                      "readBandwidth": q(2, .GBps, .estimate, "estimate: not measured; weights come from the page cache or are generated"),
                      "energy": q(100, .pJPerBit, .estimate, notEnergy)],
            "power": ["staticPower": q(10, .W, .estimate, notEnergy)],
            "overheads": [
                "perOp": q(opOverheadSeconds * 1e6, .us, .measured,
                           "\(measured): an empty op through the runtime's thread pool (fork + join), \(threadNote)"),
                "perOpSetup": q(1, .us, .estimate, "estimate: not measured"),
                "loadFixed": q(1, .ms, .estimate, "estimate: not measured"),
                "initFixed": q(1, .ms, .estimate, "estimate: not measured")]]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
        return try DeviceProfile.decode(data, file: "<edgeprof host>")
    }
}
