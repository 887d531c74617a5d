@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

struct SuiteLoadingTests {
    private func error(_ text: String) throws -> InputError? {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Fixtures.write(text, "suite.json", in: dir)
        do {
            _ = try BenchSuite.load(path: path)
            return nil
        } catch let error as InputError {
            #expect(error.file == path)
            return error
        }
    }

    @Test func loadsTheDefaultSuite() throws {
        let loaded = try BenchSuite.load(path: Fixtures.root.appendingPathComponent("Benchmarks/suite.json").path)
        #expect(loaded.suite.cases.count >= 8)
        #expect(loaded.sha256.count == 64)
        // Every case resolves to a valid model within its context.
        for index in loaded.suite.cases.indices { _ = try loaded.config(forCase: index) }
    }

    @Test func rejectsUnknownFieldsNamingThem() throws {
        let root = try error(#"{"schemaVersion": 1, "name": "s", "cases": [], "extra": 1}"#)
        #expect(root?.field == "extra")
        let inCase = try error(#"{"schemaVersion": 1, "name": "s", "cases": [{"id": "a", "model": "mobilellm-125m", "#
                               + #""device": "iphone13", "prompt": 8, "tokens": 4, "tokenz": 5}]}"#)
        #expect(inCase?.field == "cases[0].tokenz")
    }

    @Test func rejectsDuplicateIDs() throws {
        let c = #"{"id": "a", "model": "mobilellm-125m", "device": "iphone13", "prompt": 8, "tokens": 4}"#
        let e = try error(#"{"schemaVersion": 1, "name": "s", "cases": [\#(c), \#(c)]}"#)
        #expect(e?.field == "cases[1].id")
        #expect(e?.reason.contains("duplicate") == true)
    }

    @Test func rejectsBadValuesNamingTheField() throws {
        func suite(_ extra: String) -> String {
            #"{"schemaVersion": 1, "name": "s", "cases": [{"id": "a", "model": "mobilellm-125m", "device": "iphone13", "#
                + #""prompt": 8, "tokens": 4\#(extra)}]}"#
        }
        #expect(try error(suite(#", "precision": "f7""#))?.field == "cases[0].precision")
        #expect(try error(suite(#", "strategy": "sideways""#))?.field == "cases[0].strategy")
        #expect(try error(suite(#", "repeats": 99"#))?.field == "cases[0].repeats")
        #expect(try error(suite(#", "mode": "psychic""#))?.field == "cases[0].mode")
        #expect(try error(#"{"schemaVersion": 2, "name": "s", "cases": []}"#)?.field == "schemaVersion")
        #expect(try error(#"{"schemaVersion": 1, "name": "s", "cases": [{"id": "a"}]}"#)?.field == "cases[0].model")
        #expect(try error("{\"schemaVersion\": 1, \"na")?.reason == "not valid JSON")
    }

    @Test func knownCaseFieldsAreExactlyTheEncodedOnes() throws {
        let full = BenchCase(id: "a", model: "m", device: "d", precision: "f16", strategy: "none", repeats: 1,
                             prompt: 1, tokens: 1, mode: .fast, measure: true)
        guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(full)) else {
            Issue.record("not an object")
            return
        }
        #expect(Set(object.keys) == BenchCase.fields)
    }
}
