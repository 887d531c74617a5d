import EdgeModel
import Foundation
import Yams

/// Reads a YAML suite file as the JSON text it stands for, so YAML and JSON suites go through one set of checks
/// (types, unknown fields, values) and give identical cases.
///
/// Plain scalars are typed by the YAML 1.2 core schema (`true`/`false`, `null`/`~`, decimal integers and finite
/// decimal floats); every other scalar, and every quoted one, is a string, so `id: no` is the string "no" (YAML 1.1
/// would read a boolean). Keys repeated in one mapping are refused, as in JSON suites.
enum SuiteYAML {
    /// Most nodes a document may expand to: an alias repeats its anchor's subtree, so nested aliases could
    /// otherwise describe an exponentially large suite in a few lines.
    static let maxNodes = 1_000_000

    /// The JSON text of the single YAML document in `data`.
    /// - Throws: `InputError` naming `file`: not UTF-8, not valid YAML (with line and column), a repeated key,
    ///   no document or several, a non-scalar or null key, an integer out of range or too many nodes.
    static func json(from data: Data, file: String) throws -> Data {
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: file, field: "<root>", "not valid YAML: not UTF-8 text")
        }
        let root: Node
        do {
            guard let first = try compose(yaml: text, resolver) else {
                throw InputError(file: file, field: "<root>", "empty YAML document")
            }
            root = first
        } catch let error as YamlError {
            throw inputError(error, file: file)
        }
        var converter = Converter(file: file)
        var out = ""
        try converter.write(root, path: "", to: &out)
        return Data(out.utf8)
    }

    /// YAML 1.2 core schema resolution for plain scalars (quoted scalars are always strings).
    static let resolver: Resolver = {
        do {
            return try Resolver.basic
                .appending(.null, "^(?:~|null|Null|NULL|)$")
                .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
                .appending(.int, "^[-+]?[0-9]+$")
                .appending(.float, "^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
        } catch {
            preconditionFailure("constant YAML resolver patterns must compile: \(error)")
        }
    }()

    /// An `InputError` for a Yams error: the repeated key, or the syntax problem with its position.
    static func inputError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case .duplicatedKeysInMapping(let keys, let context):
            return InputError(file: file, field: keys.joined(separator: ", "),
                              "duplicate key at line \(context.mark.line), column \(context.mark.column) "
                              + "(readers disagree on which value counts; keep one)")
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return InputError(file: file, field: "<root>", "not valid YAML: \(problem) at line \(mark.line), column \(mark.column)")
        default:
            return InputError(file: file, field: "<root>", "not valid YAML: \(error)")
        }
    }

    /// Writes nodes as JSON text, counting them against `maxNodes`.
    private struct Converter {
        let file: String
        var nodes = 0

        mutating func write(_ node: Node, path: String, to out: inout String) throws {
            nodes += 1
            guard nodes <= SuiteYAML.maxNodes else {
                throw InputError(file: file, field: path.isEmpty ? "<root>" : path,
                                 "expands to more than \(SuiteYAML.maxNodes) YAML nodes (aliases?)")
            }
            switch node {
            case .scalar(let scalar):
                try write(scalar, tag: Tag.Name(rawValue: node.tag.rawValue), path: path, to: &out)
            case .sequence(let sequence):
                out += "["
                for (i, element) in sequence.enumerated() {
                    if i > 0 { out += "," }
                    try write(element, path: "\(path)[\(i)]", to: &out)
                }
                out += "]"
            case .mapping(let mapping):
                out += "{"
                for (i, pair) in mapping.enumerated() {
                    guard case .scalar(let key) = pair.key, pair.key.tag.rawValue != Tag.Name.null.rawValue else {
                        throw InputError(file: file, field: path.isEmpty ? "<root>" : path, "has a key that is not a string")
                    }
                    if i > 0 { out += "," }
                    out += try Self.quoted(key.string) + ":"
                    try write(pair.value, path: path.isEmpty ? key.string : "\(path).\(key.string)", to: &out)
                }
                out += "}"
            case .alias:
                throw InputError(file: file, field: path.isEmpty ? "<root>" : path, "has an unresolved YAML alias")
            }
        }

        private func write(_ scalar: Node.Scalar, tag: Tag.Name, path: String, to out: inout String) throws {
            let field = path.isEmpty ? "<root>" : path
            switch tag {
            case .null: out += "null"
            case .bool: out += scalar.string.lowercased() == "true" ? "true" : "false"
            case .int:
                guard let value = Int(scalar.string.hasPrefix("+") ? String(scalar.string.dropFirst()) : scalar.string) else {
                    throw InputError(file: file, field: field, "integer \(scalar.string) is out of range")
                }
                out += String(value)
            case .float:
                guard let value = Double(scalar.string), value.isFinite else {
                    throw InputError(file: file, field: field, "number \(scalar.string) is out of range")
                }
                out += "\(value)"
            default: out += try Self.quoted(scalar.string)
            }
        }

        /// `text` as a JSON string literal (Foundation's encoder does the escaping).
        private static func quoted(_ text: String) throws -> String {
            String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
        }
    }
}
