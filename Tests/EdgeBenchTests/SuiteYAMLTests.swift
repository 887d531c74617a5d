@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

/// YAML suites: the same cases as the equivalent JSON, and the same refusals (unknown keys, wrong types, repeated
/// keys), each naming the file and the field.
struct SuiteYAMLTests {
    private func load(_ text: String, _ name: String = "suite.yaml") throws -> Result<BenchSuite, InputError> {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Fixtures.write(text, name, in: dir)
        do {
            return .success(try BenchSuite.load(path: path).suite)
        } catch let error as InputError {
            #expect(error.file == path)
            return .failure(error)
        }
    }

    private func error(_ text: String) throws -> InputError? {
        if case .failure(let error) = try load(text) { return error }
        return nil
    }

    /// The default suite written out as block-style YAML, one `key: value` line per JSON field (an independent
    /// writer: JSON values are valid YAML flow scalars), reads back as the same cases.
    @Test func theDefaultSuiteAsYAMLGivesTheSameCases() throws {
        let jsonURL = Fixtures.root.appendingPathComponent("Benchmarks/suite.json")
        let json = try BenchSuite.load(path: jsonURL.path).suite
        guard case .object(let root) = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: jsonURL)),
              case .array(let cases)? = root["cases"] else {
            Issue.record("the default suite is not an object with a cases array")
            return
        }
        var yaml = "# the default suite\nschemaVersion: \(json.schemaVersion)\nname: \(json.name)\ncases:\n"
        for case .object(let item) in cases {
            for (i, key) in item.keys.sorted().enumerated() {
                let text = switch item[key]! {
                case .string(let s): "\"\(s)\""
                case .number(let n): String(Int(n))
                case .bool(let b): b ? "true" : "false"
                default: "~"
                }
                yaml += (i == 0 ? "  - " : "    ") + "\(key): \(text)\n"
            }
        }
        #expect(try load(yaml).get() == json)
    }

    @Test func flowStyleQuotingAndCommentsReadAsTheJSONDoes() throws {
        let yaml = """
            schemaVersion: 1
            name: 'y'
            cases:
              - {id: a, model: mobilellm-125m, device: iphone13, prompt: 8, tokens: 4}   # flow mapping
              - id: "no"          # quoted: a string even in YAML 1.1
                model: mobilellm-125m
                device: pixel8
                precision: int8
                strategy: immediate
                repeats: 2
                prompt: 16
                tokens: 2
                measure: false
            """
        let json = #"{"schemaVersion": 1, "name": "y", "cases": [{"id": "a", "model": "mobilellm-125m", "device": "iphone13", "#
            + #""prompt": 8, "tokens": 4}, {"id": "no", "model": "mobilellm-125m", "device": "pixel8", "precision": "int8", "#
            + #""strategy": "immediate", "repeats": 2, "prompt": 16, "tokens": 2, "measure": false}]}"#
        #expect(try load(yaml).get() == load(json, "suite.json").get())
    }

    private let head = "schemaVersion: 1\nname: s\ncases:\n  - id: a\n    model: mobilellm-125m\n    device: iphone13\n"

    @Test func rejectsUnknownKeysAndWrongTypesNamingTheField() throws {
        #expect(try error(head + "    prompt: 8\n    tokens: 4\n    tokenz: 5\n")?.field == "cases[0].tokenz")
        #expect(try error(head + "    prompt: 8\n    tokens: 4\nextra: 1\n")?.field == "extra")
        #expect(try error(head + "    prompt: '8'\n    tokens: 4\n")?.field == "cases[0].prompt")      // quoted: a string
        #expect(try error(head + "    prompt: 8.5\n    tokens: 4\n") != nil)   // refused as JSON's 8.5 is
        // YAML 1.2 core schema: `yes` is a string, not a boolean.
        #expect(try error(head + "    prompt: 8\n    tokens: 4\n    measure: yes\n")?.field == "cases[0].measure")
        #expect(try error(head + "    prompt: 8\n    tokens: 99999999999999999999\n")?.field == "cases[0].tokens")
        #expect(try error(head + "    prompt: 8\n    tokens: 0\n")?.field == "cases[0].tokens")   // value checks as JSON
    }

    /// Yams (6.x) refuses a mapping with a repeated key while composing; the error names the key and its line.
    @Test func rejectsRepeatedKeys() throws {
        let inCase = try error(head + "    prompt: 8\n    tokens: 4\n    tokens: 64\n")
        #expect(inCase?.field == "tokens")
        #expect(inCase?.reason.hasPrefix("duplicate key at line") == true)
        let quoted = try error(head + "    prompt: 8\n    \"prompt\": 9\n    tokens: 4\n")
        #expect(quoted?.field == "prompt")
        #expect(try error("name: s\n" + head + "    prompt: 8\n    tokens: 4\n")?.field == "name")
    }

    @Test func rejectsMalformedYAMLAndAliasExpansion() throws {
        let syntax = try error("schemaVersion: 1\ncases: [\n")
        #expect(syntax?.field == "<root>")
        #expect(syntax?.reason.hasPrefix("not valid YAML") == true)
        #expect(try error("")?.reason == "empty YAML document")
        // Seven levels of ten aliases each expand to 10^7 nodes: refused once past the bound, not built.
        var bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 { bomb += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(try error(bomb)?.reason.contains("more than \(SuiteYAML.maxNodes) YAML nodes") == true)
    }
}
