import EdgeMemory
import EdgeModel
import Foundation

extension BenchDocument {
    /// Reads a result file; `flag` names the option that gave the path (`--baseline`).
    /// - Throws: `InputError` naming the file: missing, unreadable, not JSON (a truncated file), another
    ///   `schemaVersion`, a missing or mistyped field, or inconsistent content (see `validate`).
    public static func load(path: String, flag: String) throws -> BenchDocument {
        let data = try InputFile.read(path)
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw InputError(file: path, field: flag, "is not valid JSON (empty or truncated?)")
        }
        guard case .object(let fields) = root else { throw InputError(file: path, field: flag, "is not a JSON object") }
        try JSONDuplicateKeys.reject(in: data, file: path)
        guard case .number(let version)? = fields["schemaVersion"] else {
            throw InputError(file: path, field: "schemaVersion", "missing: not an edgeprof bench result")
        }
        guard version == Double(currentSchemaVersion) else {
            throw InputError(file: path, field: "schemaVersion", "is \(version.shortText); this edgeprof reads bench "
                             + "results of version \(currentSchemaVersion) (regenerate the file with this build)")
        }
        try JSONDuplicateKeys.reject(in: data, file: path)
        let document: BenchDocument
        do {
            document = try JSONDecoder().decode(BenchDocument.self, from: data)
        } catch let error as DecodingError {
            throw InputError(decoding: error, file: path)
        }
        try document.validate(file: path)
        return document
    }

    /// Case indices strictly increasing and inside the suite, ids unique, shard membership respected.
    func validate(file: String) throws {
        guard (1...BenchSuite.maxCases).contains(suite.caseCount) else {
            throw InputError(file: file, field: "suite.caseCount", "must be in 1...\(BenchSuite.maxCases), got \(suite.caseCount)")
        }
        if let shard, !(1...Shard.maxCount).contains(shard.count) || !(1...shard.count).contains(shard.index) {
            throw InputError(file: file, field: "shard", "\(shard.index)/\(shard.count) is not a valid shard")
        }
        var ids: Set<String> = []
        for (i, result) in cases.enumerated() {
            let field = "cases[\(i)]"
            guard (0..<suite.caseCount).contains(result.index), i == 0 || result.index > cases[i - 1].index else {
                throw InputError(file: file, field: field + ".index",
                                 "\(result.index) is out of order or outside the suite's \(suite.caseCount) cases")
            }
            guard ids.insert(result.definition.id).inserted else {
                throw InputError(file: file, field: field + ".definition.id", "duplicate case id '\(result.definition.id)'")
            }
            if let shard, !shard.contains(result.index) {
                throw InputError(file: file, field: field + ".index", "case \(result.index) is not in shard \(shard.index)/\(shard.count)")
            }
        }
    }
}

extension Double {
    /// The value as an integer when it is one (`3`), else in full (`0.25`).
    var shortText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}

/// The JSON every EdgeBench document is written as: pretty-printed, sorted keys, unescaped slashes, newline.
public func stableJSON<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value) + Data("\n".utf8)
}
