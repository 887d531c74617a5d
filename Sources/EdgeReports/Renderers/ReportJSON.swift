import Foundation

/// JSON as every EdgeProf document is written: sorted keys, pretty-printed, unescaped slashes, final newline.
public enum ReportJSON {
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
