import EdgeModel
import Foundation

extension DeviceProfile {
    /// Reads, decodes and validates a profile file.
    ///
    /// - Throws: `InputError` naming the file and the JSON path of the field at fault (missing field, unknown
    ///   unit or kind, wrong type, failed validation), or the file when it is missing, a directory or unreadable.
    public static func load(from url: URL) throws -> DeviceProfile {
        try decode(InputFile.read(url.path), file: url.path)
    }

    /// Decodes and validates profile JSON; `file` names the origin in errors.
    public static func decode(_ data: Data, file: String) throws -> DeviceProfile {
        let profile: DeviceProfile
        do {
            profile = try JSONDecoder().decode(DeviceProfile.self, from: data)
        } catch let error as DecodingError {
            throw InputError(decoding: error, file: file)
        }
        try JSONDuplicateKeys.reject(in: data, file: file)
        try profile.rejectUnknownFields(in: data, file: file)
        try profile.validate(file: file)
        return profile
    }

    /// Fails on the first field of `data` that the schema does not have (a misspelt key would otherwise be
    /// ignored): every key the decoded profile writes back is known, every other key is not.
    func rejectUnknownFields(in data: Data, file: String) throws {
        let known = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(self))
        let given = try JSONValue.decode(data, file: file)
        func walk(_ given: JSONValue, _ known: JSONValue, _ path: String) throws {
            switch (given, known) {
            case (.object(let g), .object(let k)):
                for key in g.keys.sorted() {
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    guard let match = k[key] else {
                        throw InputError(file: file, field: child, "unknown field (see DeviceProfiles/README.md)")
                    }
                    try walk(g[key]!, match, child)
                }
            case (.array(let g), .array(let k)):
                for (i, (a, b)) in zip(g, k).enumerated() { try walk(a, b, "\(path)[\(i)]") }
            default:
                return
            }
        }
        try walk(given, known, "")
    }
}

extension InputError {
    /// An input error naming the JSON path (`caches[1].size.unit`) at which decoding failed.
    public init(decoding error: DecodingError, file: String) {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += (out.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return out.isEmpty ? "<root>" : out
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(file: file, field: path(context.codingPath + [key]), "missing field")
        case .typeMismatch(let type, let context):
            self.init(file: file, field: path(context.codingPath), "expected \(jsonTypeName(type))")
        case .valueNotFound(let type, let context):
            self.init(file: file, field: path(context.codingPath), "expected \(jsonTypeName(type)), found null")
        case .dataCorrupted(let context):
            let reason: String
            if let last = context.codingPath.last?.stringValue, last == "unit" {
                reason = "unknown unit (expected one of \(QuantityUnit.allCases.map(\.rawValue).joined(separator: ", ")))"
            } else if let last = context.codingPath.last?.stringValue, last == "kind" {
                reason = "unknown kind (expected one of \(QuantityKind.allCases.map(\.rawValue).joined(separator: ", ")))"
            } else if context.codingPath.isEmpty {
                reason = "not valid JSON"
            } else {
                reason = context.debugDescription
            }
            self.init(file: file, field: path(context.codingPath), reason)
        @unknown default:
            self.init(file: file, field: "<root>", "\(error)")
        }
    }
}

extension JSONValue {
    /// `data` as a JSON tree; a `DecodingError` (not JSON, or e.g. invalid UTF-8 in a string a typed decoder
    /// skipped) becomes an `InputError` naming `file` and the JSON path.
    public static func decode(_ data: Data, file: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw InputError(decoding: error, file: file)
        }
    }
}
