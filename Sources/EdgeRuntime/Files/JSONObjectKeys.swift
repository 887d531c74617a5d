import Foundation

/// Lists the keys of the top-level object of JSON text, duplicates included (JSON decoders keep only one).
///
/// The text must already be valid JSON (it is scanned after a successful decode).
enum JSONObjectKeys {
    static func topLevel(of json: UnsafeRawBufferPointer) -> [String] {
        var keys: [String] = []
        var depth = 0, index = 0
        var expectingKey = false
        while index < json.count {
            let byte = json[index]
            switch byte {
            case UInt8(ascii: "{"):
                depth += 1
                expectingKey = depth == 1
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingKey = depth == 1
            case UInt8(ascii: "\""):
                let end = closingQuote(json, from: index)
                if depth == 1 && expectingKey {
                    let literal = Data(json[index...min(end, json.count - 1)])
                    if let key = try? JSONDecoder().decode(String.self, from: literal) { keys.append(key) }
                    expectingKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return keys
    }

    /// Index of the quote that ends the string starting at `start`, skipping escaped characters.
    private static func closingQuote(_ json: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start + 1
        while index < json.count {
            if json[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if json[index] == UInt8(ascii: "\"") { return index }
            index += 1
        }
        return json.count
    }
}
