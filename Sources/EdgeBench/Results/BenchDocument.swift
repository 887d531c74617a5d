import EdgeModel

/// What `edgeprof bench` writes: per case the deterministic (simulated) figures and, apart, the measured (host)
/// figures, with the suite, build and shard they came from. Versioned; keys are written sorted.
public struct BenchDocument: Codable, Sendable, Equatable {
    /// The result format this build reads and writes; gate and merge refuse any other. Version 2: each measured
    /// repetition ran in its own process (version 1 took them all in one process).
    public static let currentSchemaVersion = 2

    public var schemaVersion: Int
    public var suite: SuiteIdentity
    public var build: BuildInfo
    /// Which figures the run produced.
    public var mode: BenchMode
    /// The part of the suite this document covers; nil for a whole suite (unsharded, or merged).
    public var shard: Shard?
    /// Results in suite order.
    public var cases: [CaseResult]

    public init(suite: SuiteIdentity, build: BuildInfo, mode: BenchMode, shard: Shard?, cases: [CaseResult]) {
        schemaVersion = Self.currentSchemaVersion
        self.suite = suite
        self.build = build
        self.mode = mode
        self.shard = shard
        self.cases = cases
    }
}

/// Which suite a result belongs to.
public struct SuiteIdentity: Codable, Sendable, Equatable {
    public var name: String
    /// Hex SHA-256 of the suite file.
    public var sha256: String
    /// Cases in the whole suite (a shard holds a subset).
    public var caseCount: Int

    public init(name: String, sha256: String, caseCount: Int) {
        self.name = name
        self.sha256 = sha256
        self.caseCount = caseCount
    }
}

/// Which figures `bench` computes: the simulator's, the host runtime's, or both.
public enum BenchMode: String, Codable, Sendable, CaseIterable {
    case deterministic, measured, all

    public var includesDeterministic: Bool { self != .measured }
    public var includesMeasured: Bool { self != .deterministic }
}

/// One case's results.
public struct CaseResult: Codable, Sendable, Equatable {
    /// Position of the case in the suite (0-based); shards and merges are keyed by it.
    public var index: Int
    /// The case as the suite defined it.
    public var definition: BenchCase
    /// Simulated figures by metric name (see `MetricCatalog`); identical on every machine for the same tree.
    public var deterministic: [String: Double]?
    /// Host measurements (only for cases with `measure`, in modes `measured` and `all`).
    public var measured: MeasuredFigures?

    public init(index: Int, definition: BenchCase, deterministic: [String: Double]?, measured: MeasuredFigures?) {
        self.index = index
        self.definition = definition
        self.deterministic = deterministic
        self.measured = measured
    }
}
