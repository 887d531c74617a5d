import EdgeReports
import EdgeCounters
import EdgeMemory

extension HostCalibration {
    /// Topology, the sweep (one column per thread count), each level's bandwidth and reported vs effective size,
    /// matmul throughput per precision and the per-op overhead.
    func table(profile: DeviceProfile) -> String {
        var lines = ["host: \(topology.cpuModel), \(topology.cores) cores, \(topology.threads) hardware threads, "
                     + "NUMA memory " + topology.numaNodeBytes.map { "\($0 >> 20) MiB" }.joined(separator: " + ")
                     + " (hwloc \(topology.hwlocVersion))", "measured \(date): \(command)", ""]
        var caches = TextTable(["cache", "size", "line", "ways", "instances", "shared by threads"])
        for cache in topology.caches {
            caches.add([cache.name, kib(Int(cache.sizeBytes)), "\(cache.lineBytes) B", String(cache.associativity),
                        String(cache.instances), String(cache.sharedByThreads)])
        }
        lines += ["caches as hwloc reports them:", caches.render(), ""]
        var sweep = TextTable(["working set"] + sweeps.map { "GB/s, \($0.threads) thread\($0.threads == 1 ? "" : "s")" })
        for (i, point) in sweeps[0].points.enumerated() {
            sweep.add([kib(point.bytes)] + sweeps.map { i < $0.points.count ? fixed($0.points[i].bytesPerSecond / 1e9, 1) : "" })
        }
        lines += ["read bandwidth sweep (best of 3):", sweep.render(), ""]
        var reused = TextTable(["working set"] + sweeps.map { "GB/s, \($0.threads) thread\($0.threads == 1 ? "" : "s")" })
        for (i, point) in sweeps[0].reusedOncePoints.enumerated() {
            reused.add([kib(point.bytes)] + sweeps.map {
                i < $0.reusedOncePoints.count ? fixed($0.reusedOncePoints[i].bytesPerSecond / 1e9, 1) : "" })
        }
        if !sweeps[0].reusedOncePoints.isEmpty {
            lines += ["second read right after a cold first read (data reused once):", reused.render(), ""]
        }
        var levels = TextTable(["level", "threads", "GB/s", "hwloc capacity (sweep)", "effective capacity",
                                "reused once: all–none", "model uses"])
        for analysis in sweeps {
            for (i, level) in analysis.levels.enumerated() {
                let uses = analysis.threads == threads && i < profile.caches.count ? kib(Int(profile.caches[i].size.base)) : ""
                levels.add([level.name, String(analysis.threads), fixed(level.bytesPerSecond / 1e9, 1),
                            kib(Int(level.reportedSweepBytes)), level.effectiveSweepBytes.map(kib) ?? "no plateau",
                            level.retention.map { "\(kib($0.lowerBound))–\(kib($0.upperBound))" } ?? "", uses])
            }
            levels.add(["DRAM", String(analysis.threads), fixed(analysis.dramBytesPerSecond / 1e9, 1), "", "", "", ""])
        }
        lines += ["levels:", levels.render(), ""]
        var compute = TextTable(["precision", "G op/s (\(ComputeCalibration.tokens) tokens)", "G op/s (1 token)",
                                 "DRAM GB/s (1 token, \(streamWeightBytes >> 20) MiB)", "second pass GB/s (block)", "threads"])
        for (key, rate) in opsPerSecond.sorted(by: { $0.key < $1.key }) {
            let secondPass = kernelReuseBytesPerSecond[key].map { rate in
                fixed(rate / 1e9, 1) + (kernelReuseBlockBytes[key].map { " (\(megabytes($0)) MB)" } ?? "")
            }
            compute.add([key, fixed(rate / 1e9, 1), matvecOpsPerSecond[key].map { fixed($0 / 1e9, 1) } ?? "-",
                         kernelReadBytesPerSecond[key].map { fixed($0 / 1e9, 1) } ?? "-", secondPass ?? "-", String(threads)])
        }
        var kernels = TextTable(["kernel", "G op/s (\(OpKernelCalibration.promptTokens) tokens)", "G op/s (1 token)", "threads"])
        for (key, rate) in kernelOpsPerSecond.sorted(by: { $0.key < $1.key }) {
            kernels.add([key, fixed(rate / 1e9, 2), kernelRowOpsPerSecond[key].map { fixed($0 / 1e9, 2) } ?? "-", String(threads)])
        }
        lines += ["matmul throughput (the runtime's kernels, L2-resident weights; DRAM: weight bytes/s read with the "
                  + "weights streamed from DRAM; second pass: the same right after a first pass over a 125M block):", compute.render(), "",
                  "other kernels (f32 activations, cache-resident; a prefill's rows, a decode step's one row):",
                  kernels.render(), "",
                  "per-op overhead (empty op through the thread pool, \(threads) threads): "
                  + fixed(opOverheadSeconds * 1e6, 2) + " us"]
        return lines.joined(separator: "\n")
    }

    private func kib(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}
