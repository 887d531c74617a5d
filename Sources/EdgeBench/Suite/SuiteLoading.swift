import EdgeMemory
import EdgeModel
import Foundation

extension BenchSuite {
    /// Top-level fields of a suite file.
    static let fields: Set<String> = ["schemaVersion", "name", "cases"]

    /// Reads and validates the suite at `path`: YAML when its extension is `.yaml` or `.yml` (read as the JSON it
    /// stands for, `SuiteYAML`), JSON otherwise.
    /// - Throws: `InputError` naming the file and the field at fault: not JSON or YAML, a repeated key, an unknown
    ///   or missing field, a wrong type, another schema version, a duplicate or malformed case id, or an
    ///   out-of-range value.
    public static func load(path: String) throws -> LoadedSuite {
        let bytes = try InputFile.read(path)
        let data = isYAML(path) ? try SuiteYAML.json(from: bytes, file: path) : bytes
        try JSONDuplicateKeys.reject(in: data, file: path)
        let suite: BenchSuite
        do {
            suite = try JSONDecoder().decode(BenchSuite.self, from: data)
        } catch let error as DecodingError {
            throw InputError(decoding: error, file: path)
        }
        try rejectUnknownFields(in: data, file: path)
        try suite.validate(file: path)
        return LoadedSuite(suite: suite, path: path, sha256: SHA256.hex(bytes))
    }

    /// Whether `path` names a YAML suite (by its extension).
    static func isYAML(_ path: String) -> Bool {
        ["yaml", "yml"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Fails on the first key of the file that the format does not have (a misspelt optional field would
    /// otherwise be silently ignored).
    static func rejectUnknownFields(in data: Data, file: String) throws {
        guard case .object(let root) = try JSONValue.decode(data, file: file) else { return }
        for key in root.keys.sorted() where !fields.contains(key) {
            throw InputError(file: file, field: key, "unknown field (known: \(fields.sorted().joined(separator: ", ")))")
        }
        guard case .array(let cases)? = root["cases"] else { return }
        for (i, item) in cases.enumerated() {
            guard case .object(let object) = item else { continue }
            for key in object.keys.sorted() where !BenchCase.fields.contains(key) {
                throw InputError(file: file, field: "cases[\(i)].\(key)",
                                 "unknown field (known: \(BenchCase.fields.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// Checks the version, the name, case ids (well-formed, unique) and each case's values.
    func validate(file: String) throws {
        guard schemaVersion == Self.currentSchemaVersion else {
            throw InputError(file: file, field: "schemaVersion",
                             "is \(schemaVersion); this edgeprof reads suite version \(Self.currentSchemaVersion)")
        }
        guard BenchCase.isValidID(name) else {
            throw InputError(file: file, field: "name", "must be 1-64 letters, digits, '-', '_' or '.', got '\(name)'")
        }
        guard !cases.isEmpty, cases.count <= Self.maxCases else {
            throw InputError(file: file, field: "cases", "must hold 1...\(Self.maxCases) cases, got \(cases.count)")
        }
        var seen: [String: Int] = [:]
        for (i, item) in cases.enumerated() {
            if let first = seen[item.id] {
                throw InputError(file: file, field: "cases[\(i)].id", "duplicate id '\(item.id)' (first at cases[\(first)])")
            }
            seen[item.id] = i
            try item.validate(file: file, path: "cases[\(i)]")
        }
    }
}

extension BenchCase {
    /// Keys a case may have in a suite file.
    static let fields: Set<String> = ["id", "model", "device", "precision", "strategy", "repeats", "prompt",
                                      "tokens", "mode", "measure"]
    /// Largest prompt or decode token count a case may ask for (bounds the simulated and measured work).
    public static let maxTokens = 1 << 16

    /// 1-64 characters from letters, digits, `-`, `_` and `.`.
    static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// Checks the id, token counts, precision, strategy and repeats (the model and device are checked when loaded).
    func validate(file: String, path: String) throws {
        func fail(_ field: String, _ reason: String) -> InputError { InputError(file: file, field: "\(path).\(field)", reason) }
        guard Self.isValidID(id) else { throw fail("id", "must be 1-64 letters, digits, '-', '_' or '.', got '\(id)'") }
        guard !model.isEmpty else { throw fail("model", "is empty") }
        guard !device.isEmpty else { throw fail("device", "is empty") }
        guard (1...Self.maxTokens).contains(prompt) else { throw fail("prompt", "must be in 1...\(Self.maxTokens), got \(prompt)") }
        guard (1...Self.maxTokens).contains(tokens) else { throw fail("tokens", "must be in 1...\(Self.maxTokens), got \(tokens)") }
        if let precision, Precision(name: precision) == nil { throw fail("precision", "unknown precision '\(precision)'") }
        if let strategy, SharingStrategy(rawValue: strategy) == nil {
            throw fail("strategy", "unknown strategy '\(strategy)' (none, immediate, repeat-all-over, reverse)")
        }
        if let repeats, !(1...ModelConfig.limits.repeats).contains(repeats) {
            throw fail("repeats", "must be in 1...\(ModelConfig.limits.repeats), got \(repeats)")
        }
    }
}
