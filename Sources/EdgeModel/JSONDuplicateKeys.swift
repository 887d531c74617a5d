import Foundation

/// Finds keys that occur twice in one JSON object, at any depth.
///
/// JSON decoders keep one value of a repeated key (Foundation the first, Python and Hugging Face the last), so a
/// file with a repeated key means different things to different readers; EdgeProf rejects it instead.
public enum JSONDuplicateKeys {
    /// The first repeated key of valid JSON text, as the path of keys (object keys, `[i]` for array elements)
    /// from the root to it; nil when every object's keys are distinct. Text that is not valid JSON gives nil
    /// (the decoder that runs first reports it).
    public static func first(in json: UnsafeRawBufferPointer) -> [String]? {
        var scanner = Scanner(json: json)
        return scanner.firstDuplicate()
    }

    /// Throws an `InputError` naming `file` and the dotted path of the first repeated key in `data`.
    public static func reject(in data: Data, file: String) throws {
        let duplicate = data.withUnsafeBytes { first(in: $0) }
        if let duplicate {
            throw InputError(file: file, field: dotted(duplicate),
                             "duplicate key (readers disagree on which value counts; keep one)")
        }
    }

    /// `["caches", "[1]", "name"]` → `caches[1].name`.
    public static func dotted(_ path: [String]) -> String {
        var out = ""
        for part in path {
            out += part.hasPrefix("[") || out.isEmpty ? part : "." + part
        }
        return out
    }

    /// A single pass over the bytes with a stack of open containers; each object keeps the set of its keys.
    private struct Scanner {
        /// An open object (its keys so far and the key whose value is being read) or array (its element index).
        struct Frame {
            var isObject: Bool
            var keys: Set<String> = []
            var current: String?
            var element = 0
        }

        let json: UnsafeRawBufferPointer
        var index = 0
        var stack: [Frame] = []

        init(json: UnsafeRawBufferPointer) { self.json = json }

        mutating func firstDuplicate() -> [String]? {
            while index < json.count {
                switch json[index] {
                case UInt8(ascii: "{"):
                    stack.append(Frame(isObject: true))
                case UInt8(ascii: "["):
                    stack.append(Frame(isObject: false))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard !stack.isEmpty else { return nil }
                    stack.removeLast()
                case UInt8(ascii: ","):
                    guard !stack.isEmpty else { return nil }
                    stack[stack.count - 1].current = nil
                    stack[stack.count - 1].element += 1
                case UInt8(ascii: "\""):
                    let end = closingQuote(from: index)
                    guard end < json.count else { return nil }
                    if let top = stack.last, top.isObject, top.current == nil {
                        guard let key = decodeString(index...end) else { return nil }
                        stack[stack.count - 1].current = key
                        if !stack[stack.count - 1].keys.insert(key).inserted { return path() }
                    }
                    index = end
                default:
                    break
                }
                index += 1
            }
            return nil
        }

        /// The path to the innermost open container's current element.
        private func path() -> [String] {
            stack.compactMap { $0.isObject ? $0.current : "[\($0.element)]" }
        }

        /// Index of the quote that ends the string starting at `start`, skipping escaped characters.
        private func closingQuote(from start: Int) -> Int {
            var i = start + 1
            while i < json.count {
                if json[i] == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if json[i] == UInt8(ascii: "\"") { return i }
                i += 1
            }
            return json.count
        }

        /// The string literal at `range` (quotes included), escapes resolved.
        private func decodeString(_ range: ClosedRange<Int>) -> String? {
            let body = UnsafeRawBufferPointer(rebasing: json[(range.lowerBound + 1)..<range.upperBound])
            if !body.contains(UInt8(ascii: "\\")) { return String(validating: body, as: UTF8.self) }
            return try? JSONDecoder().decode(String.self, from: Data(json[range]))
        }
    }
}
