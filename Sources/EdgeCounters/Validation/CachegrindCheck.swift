import EdgeMemory
import EdgeModel
import EdgeRuntime
import Foundation

/// Predicted against measured misses of one cache level, per decode token.
public struct MissComparison: Equatable, Sendable, Encodable {
    public var name: String
    public var predicted: Double
    public var measured: Double
    /// (predicted − measured) ÷ measured; nil (absent in JSON) when cachegrind counted none.
    public var relativeError: Double?

    public init(name: String, predicted: Double, measured: Double) {
        self.name = name
        self.predicted = predicted
        self.measured = measured
        relativeError = measured > 0 ? (predicted - measured) / measured : nil
    }
}

/// `validate --cachegrind`, for hosts whose PMU counts no cache misses: valgrind's cachegrind simulates the
/// profile's first level (D1, also used as I1) and last level (LL) while `edgeprof run` runs the model twice —
/// prefill only, then prefill and `decodeSteps` decode steps — so the difference is the decode steps alone (weight
/// generation and preparation cancel). The prediction is the exact-mode replay of the runtime's own decode events on
/// the same two levels. Cachegrind also counts accesses no op event names (stack, bookkeeping, the sampler). Needs
/// `valgrind` and binutils' `strip` on PATH (valgrind runs a copy of the executable without debug info).
public struct CachegrindCheck {
    /// The two-level hierarchy cachegrind simulates: the profile's first and last cache levels.
    public let profile: DeviceProfile

    /// - Throws: `InputError` when the profile has no cache level.
    public init(hostProfile: DeviceProfile) throws {
        guard let first = hostProfile.caches.first, let last = hostProfile.caches.last else {
            throw InputError(file: hostProfile.id, field: "caches", "cachegrind needs at least one cache level")
        }
        var profile = hostProfile
        profile.caches = hostProfile.caches.count == 1 ? [first] : [first, last]
        profile.caches[0].inclusion = .nonInclusive
        if profile.caches.count == 2 { profile.caches[1].inclusion = .nonInclusive }
        self.profile = profile
    }

    /// valgrind's options: the tool, and --I1/--D1/--LL as `size,ways,line` from the profile.
    public var valgrindOptions: [String] {
        func geometry(_ level: CacheLevelSpec) -> String {
            "\(Int(level.size.base)),\(Int(level.ways.base)),\(Int(level.lineSize.base))"
        }
        let d1 = geometry(profile.caches[0]), ll = geometry(profile.caches[profile.caches.count - 1])
        return ["--tool=cachegrind", "--cache-sim=yes", "--I1=\(d1)", "--D1=\(d1)", "--LL=\(ll)"]
    }

    /// D1 and LL misses per decode token of the replay: bytes served beyond D1, and by DRAM, over the line size.
    public func predict(_ validation: Validation) throws -> (d1: Double, ll: Double) {
        let decode = try validation.replayDecode(on: profile, mode: .exact)
        let line = profile.caches[0].lineSize.base, lastLine = profile.caches[profile.caches.count - 1].lineSize.base
        let beyondD1 = profile.caches.dropFirst().reduce(decode.bytes["DRAM"] ?? 0) { $0 + (decode.bytes[$1.name] ?? 0) }
        let steps = Double(max(decode.steps, 1))
        return (Double(beyondD1) / line / steps, Double(decode.bytes["DRAM"] ?? 0) / lastLine / steps)
    }

    /// Runs `executable` with `arguments(tokens)` under valgrind (tokens 1, then 1 + `decodeSteps`) and returns the
    /// D1 and LL data misses per decode step. The kernels take the AVX2 path (valgrind 3.19 executes no AVX-512).
    /// - Throws: `EnvironmentError` when valgrind is not on PATH or a run fails; `InputError` for an unreadable output.
    public func measure(executable: String, arguments: (Int) -> [String], decodeSteps: Int) throws -> (d1: Double, ll: Double) {
        let valgrind = try Self.toolPath("valgrind", package: "valgrind")
        let strip = try Self.toolPath("strip", package: "binutils")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edgeprof-cachegrind-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // valgrind 3.19 gives up on the Swift toolchain's DWARF 5 ("Possibly corrupted debuginfo file"): run a copy
        // without debug info.
        let stripped = directory.appendingPathComponent("edgeprof").path
        try Self.launch(strip, ["--strip-debug", "-o", stripped, executable], environment: nil,
                        log: directory.appendingPathComponent("strip.log"))
        var environment = ProcessInfo.processInfo.environment
        if KernelPath.avx2.isSupported { environment[KernelPath.environmentVariable] = KernelPath.avx2.rawValue }
        var outputs: [CachegrindOutput] = []
        for tokens in [1, 1 + decodeSteps] {
            let out = directory.appendingPathComponent("cachegrind.\(tokens).out")
            try Self.launch(valgrind, valgrindOptions + ["--cachegrind-out-file=\(out.path)", stripped] + arguments(tokens),
                            environment: environment, log: directory.appendingPathComponent("valgrind.\(tokens).log"))
            let text = try String(contentsOf: out, encoding: .utf8)
            outputs.append(try CachegrindOutput(text: Substring(text), file: out.path))
        }
        let steps = Double(max(decodeSteps, 1))
        return (Double(outputs[1].d1Misses - outputs[0].d1Misses) / steps,
                Double(outputs[1].llDataMisses - outputs[0].llDataMisses) / steps)
    }

    /// Runs `tool arguments` to completion, standard error to `log`.
    /// - Throws: `EnvironmentError` with the log's last lines when it exits non-zero.
    static func launch(_ tool: String, _ arguments: [String], environment: [String: String]?, log: URL) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").suffix(3).joined(separator: " | ") ?? ""
            throw EnvironmentError("\(URL(fileURLWithPath: tool).lastPathComponent) exited with \(process.terminationStatus): \(tail)")
        }
    }

    /// The first executable `name` on PATH.
    /// - Throws: `EnvironmentError` (exit 3) when there is none.
    static func toolPath(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw EnvironmentError("validate --cachegrind: \(name) is not on PATH (install the Debian package \(package))")
    }
}
