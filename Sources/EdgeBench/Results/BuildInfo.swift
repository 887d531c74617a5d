/// What produced a result: EdgeProf's version and commit, and the SHA-256 of every input file the suite uses.
/// Shards of one sweep must agree on it to merge.
public struct BuildInfo: Codable, Sendable, Equatable {
    /// EdgeProf's version (`EdgeProfVersion.current`).
    public var version: String
    /// Git commit of the source tree, when known.
    public var commit: String?
    /// Hex SHA-256 of each device profile file, by the device reference the suite uses.
    public var profiles: [String: String]
    /// Hex SHA-256 of each model config.json, by the model reference the suite uses (presets have none).
    public var models: [String: String]

    public init(version: String, commit: String?, profiles: [String: String], models: [String: String]) {
        self.version = version
        self.commit = commit
        self.profiles = profiles
        self.models = models
    }
}

/// EdgeProf's release version, recorded in results.
public enum EdgeProfVersion {
    public static let current = "0.1.0"
}
