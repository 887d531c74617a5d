@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

/// Issue 10, finding 4: a suite or bench result with a repeated key is rejected, naming it (Python would take
/// the last value, Foundation the first).
struct DuplicateKeyTests {
    @Test func suiteWithARepeatedFieldInACase() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = #"{"id": "a", "model": "mobilellm-125m", "device": "iphone13", "prompt": 8, "tokens": 4, "tokens": 64}"#
        let path = try Fixtures.write(#"{"schemaVersion": 1, "name": "s", "cases": [\#(c)]}"#, "suite.json", in: dir)
        let error = #expect(throws: InputError.self) { try BenchSuite.load(path: path) }
        #expect(error?.field == "cases[0].tokens")
        #expect(error?.reason.hasPrefix("duplicate key") == true)
    }
}
