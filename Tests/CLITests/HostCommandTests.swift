import Foundation
import Testing

@Suite struct HostCommandTests {
    /// `host --output` writes a profile that `simulate --device` loads as it is; its caches are hwloc's geometry.
    @Test func writesAProfileSimulateLoadsUnchanged() throws {
        let directory = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("host.json").path
        let host = try EdgeProfCLI.run(["host", "--quick", "--threads", "1", "--max-mib", "16", "--output", path,
                                        "--format", "json"])
        #expect(host.status == 0, "\(host.stderr)")
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            as? [String: Any])
        let caches = profile["caches"] as? [[String: Any]] ?? []
        #expect(!caches.isEmpty)
        // Each level at least as large as the one above, also when the reused-once capacity shrinks the last one.
        let sizes = caches.map { ($0["size"] as? [String: Any])?["value"] as? Double ?? -1 }
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 <= $1 }, "\(sizes)")
        for cache in caches {
            // size = sets × ways × line, as the schema demands.
            func value(_ key: String) -> Double { (cache[key] as? [String: Any])?["value"] as? Double ?? -1 }
            #expect(value("size") == value("sets") * value("ways") * value("lineSize"))
            let source = (cache["bandwidth"] as? [String: Any])?["source"] as? String ?? ""
            #expect(source.hasPrefix("measured by edgeprof host on "))
        }
        // A matrix-vector rate beside every matmul peak, measured with the runtime's kernels over one token.
        let unit = ((profile["compute"] as? [String: Any])?["units"] as? [[String: Any]])?.first ?? [:]
        let peaks = unit["peaks"] as? [String: Any] ?? [:], matvec = unit["matvecPeaks"] as? [String: [String: Any]] ?? [:]
        #expect(!peaks.isEmpty && Set(matvec.keys) == Set(peaks.keys))
        for rate in matvec.values {
            #expect((rate["value"] as? Double ?? 0) > 0)
            #expect((rate["source"] as? String ?? "").contains("matrix-vector product"))
        }
        // And the rate at which each of those kernels reads its weights streamed from DRAM.
        let kernel = (profile["dram"] as? [String: Any])?["kernelReadBandwidth"] as? [String: [String: Any]] ?? [:]
        #expect(Set(kernel.keys) == Set(peaks.keys))
        for rate in kernel.values {
            #expect((rate["value"] as? Double ?? 0) > 0 && rate["unit"] as? String == "GB/s")
            #expect((rate["source"] as? String ?? "").contains("streamed from DRAM"))
        }
        // The kernels that multiply no weights, rated over a prefill's rows and over one decode row.
        for table in ["kernelPeaks", "kernelRowPeaks"] {
            let rates = unit[table] as? [String: [String: Any]] ?? [:]
            #expect(Set(rates.keys) == ["norm", "rope", "attention"], "\(table)")
            #expect(rates.values.allSatisfy { ($0["value"] as? Double ?? 0) > 0 && $0["unit"] as? String == "GFLOP/s" })
        }
        let simulate = try EdgeProfCLI.run(["simulate", "--model", "mobilellm-125m", "--device", path,
                                            "--strategy", "none", "--prompt", "4", "--tokens", "2", "--format", "json"])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let show = try EdgeProfCLI.run(["devices", "show", path, "--format", "json"])
        #expect(show.status == 0, "\(show.stderr)")
    }
}
