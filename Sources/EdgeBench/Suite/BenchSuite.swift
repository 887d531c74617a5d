import EdgeModel
import Foundation

/// A benchmark suite file: a name and a list of cases (JSON or YAML; see docs/ci/README.md).
public struct BenchSuite: Codable, Sendable, Equatable {
    /// Version of the suite format this build reads.
    public static let currentSchemaVersion = 1
    /// Most cases a suite may hold (bounds every per-case allocation and shard index).
    public static let maxCases = 10_000

    public var schemaVersion: Int
    /// Name of the suite; results of different suites never merge or gate against each other.
    public var name: String
    public var cases: [BenchCase]
}

/// A suite as read from disk: its cases, where it lives (relative paths in cases resolve against it) and its
/// SHA-256, which identifies it in results.
public struct LoadedSuite: Sendable {
    public var suite: BenchSuite
    /// The file it was read from.
    public var path: String
    /// Hex SHA-256 of the file's bytes.
    public var sha256: String

    /// Directory against which relative model and device paths resolve.
    public var directory: URL { URL(fileURLWithPath: path).deletingLastPathComponent() }

    /// `reference` as a path, resolved against the suite's directory when relative.
    public func resolve(_ reference: String) -> String {
        reference.hasPrefix("/") ? reference : directory.appendingPathComponent(reference).standardizedFileURL.path
    }
}
