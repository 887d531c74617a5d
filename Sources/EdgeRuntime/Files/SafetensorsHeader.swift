import Foundation
import EdgeModel

/// One tensor entry of a safetensors header: `{"dtype": "F16", "shape": [r, c], "data_offsets": [begin, end]}`.
struct SafetensorsEntry: Decodable, Sendable {
    var dtype: String
    var shape: [Int]
    /// Begin and end of the bytes, relative to the start of the data section.
    var dataOffsets: [Int]

    enum CodingKeys: String, CodingKey {
        case dtype, shape
        case dataOffsets = "data_offsets"
    }
}

/// The JSON header of a safetensors file: tensor entries by name, plus the optional `__metadata__` map.
struct SafetensorsHeader: Decodable, Sendable {
    /// Entries in the order the header lists them.
    var entries: [(name: String, entry: SafetensorsEntry)]

    /// The safetensors format limits the header to 100 MB.
    static let maxLength = 100_000_000

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        entries = try container.allKeys.filter { $0.stringValue != "__metadata__" }.map {
            ($0.stringValue, try container.decode(SafetensorsEntry.self, forKey: $0))
        }
    }

    /// Decodes `json`; `file` names the file in errors. Duplicate names (which JSON decoders merge), and repeated keys inside an entry, are errors.
    static func parse(_ json: UnsafeRawBufferPointer, file: String) throws -> SafetensorsHeader {
        let data = Data(json)
        let header: SafetensorsHeader
        do {
            header = try JSONDecoder().decode(SafetensorsHeader.self, from: data)
        } catch let error as DecodingError {
            throw InputError(file: file, field: error.fieldPath ?? "header", "invalid header JSON: \(error.summary)")
        }
        if let duplicate = JSONDuplicateKeys.first(in: json) {
            if duplicate.count == 1 { throw InputError(file: file, field: duplicate[0], "duplicate tensor") }
            throw InputError(file: file, field: JSONDuplicateKeys.dotted(duplicate), "duplicate key")
        }
        return header
    }
}

extension DecodingError {
    /// The dotted path of the field the error is about, if any.
    var fieldPath: String? {
        let path: [CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        return path.isEmpty ? nil : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// A one-line description without the coding path.
    var summary: String {
        switch self {
        case .typeMismatch(let type, _): "expected \(jsonTypeName(type))"
        case .valueNotFound(let type, _): "expected \(jsonTypeName(type)), found null"
        case .keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(self)"
        }
    }
}
