import EdgeMemory
import EdgeProfiler
import EdgeReports

/// The `run` document (JSON) and its table.
struct RunReport: Encodable {
    var schemaVersion: Int
    var model: String
    var origin: String
    var precision: String
    var storage: String
    var kvPrecision: String
    var sharing: String
    var repeats: Int
    var executedLayers: Int
    var threads: Int
    /// The kernel path the runtime chose (`KernelPath`: avx512, avx2, portable, neon, neon-dotprod).
    var kernels: String
    var seed: UInt64
    var temperature: Float
    var topP: Float
    var prompt: [Int32]
    var generated: [Int32]
    var weightBytes: Int
    var loadSeconds: Double
    var initSeconds: Double
    var prefill: PrefillTiming
    var decode: DecodeTiming
    var peakResidentBytes: Int
    /// The device model's view of the same run (with `--device`).
    var device: DeviceReplay?
    /// Counters per phase and measured op times (with `--counters` / `--op-timing`).
    var measured: RunMeasured?

    func table(csv: Bool) -> String {
        var table = TextTable(["phase", "value", "unit"])
        table.add(["load", fixed(loadSeconds * 1000, 1), "ms"])
        table.add(["init", fixed(initSeconds * 1000, 1), "ms"])
        table.add(["prefill (\(prefill.tokens) tokens)", fixed(prefill.seconds * 1000, 2), "ms"])
        table.add(["prefill rate", fixed(prefill.tokensPerSecond, 1), "tokens/s"])
        table.add(["decode mean (\(decode.steps) steps)", fixed(decode.meanMilliseconds, 3), "ms"])
        table.add(["decode p50", fixed(decode.p50Milliseconds, 3), "ms"])
        table.add(["decode p90", fixed(decode.p90Milliseconds, 3), "ms"])
        table.add(["decode rate", fixed(decode.tokensPerSecond, 1), "tokens/s"])
        table.add(["weights", megabytes(weightBytes), "MB"])
        table.add(["peak resident", megabytes(peakResidentBytes), "MB"])
        if let device {
            table.add(["\(device.device) prefill (\(device.mode.rawValue) model)", fixed(device.prefill.seconds * 1000, 2), "ms"])
            if let seconds = device.decodeSecondsPerToken, let dram = device.dramBytesPerDecodeToken,
               let joules = device.joulesPerDecodeToken {
                table.add(["\(device.device) decode", fixed(seconds * 1000, 3), "ms/token"])
                table.add(["\(device.device) DRAM", megabytes(Int(dram)), "MB/token"])
                table.add(["\(device.device) energy", fixed(joules * 1000, 3), "mJ/token"])
            }
        }
        if csv { return [table.csv(), measured?.table(csv: true)].compactMap { $0 }.joined(separator: "\n\n") }
        let header = "\(model) (\(origin)), \(precision) weights, \(kvPrecision) KV, \(sharing)×\(repeats) "
            + "(\(executedLayers) layers), \(threads) thread\(threads == 1 ? "" : "s"), \(kernels) kernels"
        return [header, "prompt: " + prompt.map(String.init).joined(separator: " "),
                "generated: " + generated.map(String.init).joined(separator: " "), "", table.render()]
            .joined(separator: "\n") + (measured.map { "\n\n" + $0.table(csv: false) } ?? "")
    }
}

/// The runtime's own event stream replayed on a device model: prefill and per-decode-token figures.
struct DeviceReplay: Encodable {
    var device: String
    var mode: SimulationMode
    var prefill: StepReport
    var decode: StepReport
    var decodeSecondsPerToken: Double?
    var dramBytesPerDecodeToken: Double?
    var joulesPerDecodeToken: Double?
}
