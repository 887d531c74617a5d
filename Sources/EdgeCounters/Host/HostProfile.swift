import EdgeMemory
import Foundation

extension HostCalibration {
    /// This host as a device profile (DeviceProfiles schema): cache geometry from hwloc, bandwidths, compute,
    /// per-op overhead from the measurements; a level whose effective capacity (sweep) is smaller than hwloc's
    /// size gets the effective one, the last level its measured retention of data reused once and, for the exact
    /// simulator, the size where that retention is half (never less than the level above); the sources say so. Sizes
    /// and bandwidths are totals over the instances the threads reach. Figures nothing here measures are estimates
    /// that say so.
    /// - Throws: `InputError` if the result fails the profile validation `simulate --device` applies.
    public func profile(id: String = "host") throws -> DeviceProfile {
        let measured = "measured by edgeprof host on \(date): \(command)"
        let sweep = profileSweep
        let threadNote = "\(threads) thread\(threads == 1 ? "" : "s")"
        let clockNote = threads == 1 ? "the thread's CPU time" : "wall clock"
        // How a figure's timings were taken (`ComputeCalibration.quietTimings`).
        func timings(_ wanted: Int, _ what: String) -> String {
            "the fastest undisturbed (no thread of the process preempted, the pool's jobs split over its threads) of "
                + "up to \(3 * wanted) \(what), stopping at "
                + "\(wanted) undisturbed (the fastest of all when none was)"
        }
        func q(_ value: Double, _ unit: QuantityUnit, _ kind: QuantityKind, _ source: String) -> [String: Any] {
            ["value": value, "unit": unit.rawValue, "kind": kind.rawValue, "source": source]
        }
        let notEnergy = "estimate: not measured on this host (no energy counters read); order of magnitude of a server "
            + "core's SRAM/DRAM access energy (Horowitz ISSCC 2014, scaled); the host profile is for time, not energy"
        var caches: [[String: Any]] = []
        var sizeAbove = 0.0
        for (index, cache) in topology.caches.enumerated() {
            guard index < sweep.levels.count else { break }
            let level = sweep.levels[index]
            let line = max(cache.lineBytes, 1)
            let maxWays = cache.associativity > 0 ? min(cache.associativity, 16) : 16
            // The capacity over the instances the profile's threads reach (a per-core cache: one per thread): the
            // threads split each op's data between them and the bandwidths are aggregate over them too.
            let reach = max(1, level.reportedSweepBytes / max(cache.sizeBytes, 1))
            var capacity = Double(level.reportedSweepBytes)
            var sizeSource = "hwloc \(topology.hwlocVersion): \(cache.name) \(cache.sizeBytes) B per instance, "
                + "\(cache.instances) instance(s), shared by \(cache.sharedByThreads) hardware thread(s); "
                + "× \(reach) instance(s) the \(threadNote) reach"
            var sizeKind = QuantityKind.spec
            let bandwidth = level.bytesPerSecond
            let bandwidthSource = "\(measured): best read bandwidth of working sets served by \(cache.name), \(threadNote)"
            if let effective = level.effectiveSweepBytes, UInt64(effective) < level.reportedSweepBytes / 2 {
                capacity = Double(effective)
                sizeKind = .measured
                sizeSource = "\(measured): read bandwidth falls off above a \(effective >> 10) KiB working set "
                    + "(\(threadNote)), which the model uses; hwloc \(topology.hwlocVersion) reports \(cache.sizeBytes) B, "
                    + "which this machine does not deliver"
            }
            // Data reused once (a shared block's second run): the share of it the level still serves falls with the
            // reuse distance (`retention`, which fast mode uses); the exact simulator gets the size where half is
            // served, never below the level above (the simulators need each level at least as large as the one above).
            var retention: [String: Any]?
            if let held = level.retention {
                let ramp = "\(measured): a block read a second time right after its first, cold read is served by this level "
                    + "(its repeated-read bandwidth, \(String(format: "%.1f", bandwidth / 1e9)) GB/s) in the share h that makes "
                    + "the second read's measured rate R fit 1/R = h/level + (1 − h)/DRAM (\(threadNote)); h falls linearly "
                    + "(the line through where it crosses 3/4 and 1/4) from 1 at \(held.lowerBound >> 10) KiB to 0 at "
                    + "\(held.upperBound >> 10) KiB"
                retention = ["fullUpTo": q(Double(held.lowerBound), .B, .measured, ramp + "; here h = 1"),
                             "noneFrom": q(Double(held.upperBound), .B, .measured, ramp + "; here h = 0")]
                capacity = max(Double(held.lowerBound + held.upperBound) / 2, sizeAbove)
                sizeKind = .measured
                sizeSource = "\(measured): the reuse distance at which a block read once keeps half its bytes in this level "
                    + "(`retention`; fast mode uses the whole ramp, the exact simulator this size; at least the level above's "
                    + "size); the repeated-read sweep's effective capacity is "
                    + "\(level.effectiveSweepBytes.map { "\($0 >> 10) KiB" } ?? "its size"), hwloc \(topology.hwlocVersion) reports "
                    + "\(cache.sizeBytes) B"
            }
            // The largest power-of-two sets × ways (up to hwloc's, at most 16) × line within the capacity.
            var sets = 1, ways = 1
            for w in 1...maxWays {
                var s = 1
                while Double(s * 2 * w * line) <= capacity { s *= 2 }
                if s * w >= sets * ways { sets = s; ways = w }
            }
            let size = Double(sets * ways * line)
            sizeAbove = size
            if size != capacity {
                sizeSource += "; rounded down to \(sets) sets × \(ways) ways × \(line) B (the simulators need "
                    + "power-of-two sets and at most 16 ways)"
            }
            var entry: [String: Any] = [
                "name": cache.name == "L1d" ? "L1D" : cache.name,
                "sharedBy": cache.sharedByThreads > 1 ? "\(cache.sharedByThreads) hardware threads"
                    : reach > 1 ? "per core (size: the \(reach) cores' total)" : "per core",
                "inclusion": CacheInclusion.nonInclusive.rawValue,
                "size": q(size, .B, sizeKind, sizeSource),
                "lineSize": q(Double(line), .B, .spec, "hwloc \(topology.hwlocVersion)"),
                "ways": q(Double(ways), .count, .spec, ways < maxWays
                    ? "hwloc reports \(cache.associativity) ways; \(ways) give the size nearest below the capacity the model "
                        + "uses with power-of-two sets"
                    : cache.associativity > 16 ? "hwloc reports \(cache.associativity) ways; the exact simulator holds at most 16"
                    : "hwloc \(topology.hwlocVersion)"),
                "sets": q(Double(sets), .count, .spec, "derived: size / (ways × lineSize) = \(Int(size)) / (\(ways) × \(line))"),
                "latency": q(1, .ns, .estimate, "estimate: not measured (the cost model uses bandwidths, not latencies)"),
                "bandwidth": q(bandwidth / 1e9, .GBps, .measured, bandwidthSource),
                "energy": q(Double(index + 1) * 0.5, .pJPerByte, .estimate, notEnergy)]
            entry["retention"] = retention
            caches.append(entry)
        }
        let memory = Double(topology.numaNodeBytes.reduce(0, +))
        var peaks: [String: Any] = [:], matvec: [String: Any] = [:]
        var energies: [String: Any] = [:]
        for (key, rate) in opsPerSecond.sorted(by: { $0.key < $1.key }) {
            peaks[key] = q(rate / 1e9, key.hasPrefix("int") ? .GOPs : .GFLOPs, .measured,
                           "\(measured): the runtime's \(key) matmul (gate+up, 2 × 512 × 1536 in each of 4 blocks, "
                           + "\(ComputeCalibration.tokens) tokens, weights read from DRAM as a prefill reads them: "
                           + "\(evictionBytes >> 20) MiB of other data read before each), "
                           + "\(timings(ComputeCalibration.matmulRepeats, "prefills")), the faster of two rounds seconds "
                           + "apart, \(clockNote), \(threadNote)")
            energies[key] = q(20, .pJPerOp, .estimate, notEnergy)
        }
        for (key, rate) in matvecOpsPerSecond.sorted(by: { $0.key < $1.key }) {
            matvec[key] = q(rate / 1e9, key.hasPrefix("int") ? .GOPs : .GFLOPs, .measured,
                            "\(measured): the runtime's \(key) matrix-vector product (gate+up, 2 × \(256 * threads) rows "
                            + "× 512, 1 token, L2-resident), \(timings(ComputeCalibration.matvecRepeats, "prefills")), the "
                            + "faster of two rounds seconds apart, \(clockNote), \(threadNote)")
        }
        var kernelPeaks: [String: Any] = [:], kernelRowPeaks: [String: Any] = [:]
        let shape = "\(OpKernelCalibration.promptTokens)-token prefill then \(OpKernelCalibration.decodeSteps) decode steps of a "
            + "4-block f32 model (dim 512, 8 query and 2 KV heads of 64)"
        for (key, rate) in kernelOpsPerSecond.sorted(by: { $0.key < $1.key }) {
            kernelPeaks[key] = q(rate / 1e9, .GFLOPs, .measured,
                                 "\(measured): the runtime's \(key) kernel over the prefill's rows of a \(shape), "
                                 + "\(timings(10, "runs")), \(clockNote), \(threadNote)")
        }
        for (key, rate) in kernelRowOpsPerSecond.sorted(by: { $0.key < $1.key }) {
            kernelRowPeaks[key] = q(rate / 1e9, .GFLOPs, .measured,
                                    "\(measured): the runtime's \(key) kernel over the decode steps' one row of a \(shape), "
                                    + "\(timings(10, "runs")), \(clockNote), \(threadNote)")
        }
        let unit: [String: Any] = [
            "id": "cpu", "type": "cpu", "peaks": peaks, "matvecPeaks": matvec, "opEnergy": energies,
            "kernelPeaks": kernelPeaks, "kernelRowPeaks": kernelRowPeaks,
            "description": "\(topology.cores) cores, \(topology.threads) hardware threads: \(topology.cpuModel); "
                + "figures for \(threadNote)"]
        var kernelRead: [String: Any] = [:]
        for (key, rate) in kernelReadBytesPerSecond.sorted(by: { $0.key < $1.key }) {
            kernelRead[key] = q(rate / 1e9, .GBps, .measured,
                                "\(measured): weight bytes per second the runtime's \(key) matrix-vector products read with "
                                + "their weights streamed from DRAM as a decode step streams them: the weight matmuls of one-token "
                                + "steps run back to back through the runtime's thread pool over a model of the 125M models' shape "
                                + "(dim 576, FFN 1536) with \(streamWeightBytes >> 20) MiB of weights in the runtime's huge-page "
                                + "weight arena, each matrix read again only after all the others (nothing else evicts them); "
                                + "their weight bytes over their summed time, the faster of two rounds seconds apart, each "
                                + "\(timings(KernelStreamCalibration.repeats, "steps")), \(clockNote), \(threadNote)")
        }
        var reuse: [String: Any] = [:], reuseDistance: [String: Any] = [:]
        for (key, rate) in kernelReuseBytesPerSecond.sorted(by: { $0.key < $1.key }) {
            guard let block = kernelReuseBlockBytes[key] else { continue }
            reuse[key] = q(rate / 1e9, .GBps, .measured,
                           "\(measured): weight bytes per second the runtime's \(key) matrix-vector products read on the "
                           + "second pass over a block of the 125M models' shape right after its first (immediate sharing ×2, "
                           + "\(KernelStreamCalibration.reuseBlocks) blocks, one-token steps back to back): the second passes' "
                           + "weight bytes over their layers' time, the faster of two rounds seconds apart, each "
                           + "\(timings(KernelStreamCalibration.repeats, "steps")), \(clockNote), \(threadNote)")
            reuseDistance[key] = q(Double(block), .B, .measured,
                                   "\(measured): the weight bytes of that block (the second pass's reuse distance)")
        }
        let dram: [String: Any] = [
            "type": "host memory (\(topology.numaNodeBytes.count) NUMA node\(topology.numaNodeBytes.count == 1 ? "" : "s"))",
            "capacity": q(memory, .B, .spec, "hwloc \(topology.hwlocVersion): NUMA local memory"),
            "peakBandwidth": q(sweep.dramBytesPerSecond / 1e9, .GBps, .measured,
                               "\(measured): median read bandwidth of working sets past the last cache level's effective "
                               + "capacity, \(threadNote)"),
            "achievableFraction": q(1, .fraction, .measured, "the peak above is already what a read stream achieves here"),
            "energy": q(10, .pJPerBit, .estimate, notEnergy),
            "latency": q(100, .ns, .estimate, "estimate: not measured (the cost model uses bandwidths, not latencies)"),
            "appBudgetFraction": q(0.5, .fraction, .estimate, "estimate: a shared host; half the memory for one process"),
            "kernelReadBandwidth": kernelRead, "kernelReuseBandwidth": reuse, "kernelReuseDistance": reuseDistance]
        let document: [String: Any] = [
            "schemaVersion": DeviceProfile.currentSchemaVersion, "id": id, "name": "This host (\(topology.cpuModel))",
            "soc": topology.cpuModel.isEmpty ? "unknown CPU" : topology.cpuModel,
            "notes": "Calibrated by `\(command)` on \(date) with \(threadNote). Cache sizes are hwloc's per instance × the "
                + "instances the threads reach, except where the sweeps show less; bandwidths are aggregate over the threads.",
            "compute": ["modelUnit": "cpu", "units": [unit]], "caches": caches, "dram": dram,
            "flash": ["type": "host file system (page cache)",
                      "readBandwidth": q(2, .GBps, .estimate, "estimate: not measured; weights come from the page cache or are generated"),
                      "energy": q(100, .pJPerBit, .estimate, notEnergy)],
            "power": ["staticPower": q(10, .W, .estimate, notEnergy)],
            "overheads": [
                "perOp": q(opOverheadSeconds * 1e6, .us, .measured,
                           "\(measured): an empty op through the runtime's thread pool (fork, every thread takes a chunk, join; wall clock), \(threadNote)"),
                "perOpSetup": q(1, .us, .estimate, "estimate: not measured"),
                "loadFixed": q(1, .ms, .estimate, "estimate: not measured"),
                "initFixed": q(1, .ms, .estimate, "estimate: not measured")]]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
        return try DeviceProfile.decode(data, file: "<edgeprof host>")
    }
}
