import Foundation
import Testing
@testable import EdgeModel

/// Finding 4 of issue 10: a key repeated in one JSON object is found at any depth, with its path.
@Suite struct JSONDuplicateKeysTests {
    func duplicate(_ text: String) -> [String]? {
        Data(text.utf8).withUnsafeBytes { JSONDuplicateKeys.first(in: $0) }
    }

    @Test func distinctKeysPass() {
        #expect(duplicate(#"{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}"#) == nil)
        // Braces, commas and quotes inside strings are text, not structure.
        #expect(duplicate(#"{"a": "x, \"a\": {", "b": "}]"}"#) == nil)
    }

    @Test func repeatedKeysAreFoundWithTheirPath() {
        #expect(duplicate(#"{"num_hidden_layers": 30, "num_hidden_layers": 2}"#) == ["num_hidden_layers"])
        #expect(duplicate(#"{"caches": [{"name": "L1"}, {"name": "L2", "name": "L3"}]}"#) == ["caches", "[1]", "name"])
        #expect(duplicate(#"{"a": {"b": [[1], {"c": 1, "c": 2}]}}"#) == ["a", "b", "[1]", "c"])
        #expect(JSONDuplicateKeys.dotted(["caches", "[1]", "name"]) == "caches[1].name")
    }

    @Test func escapedSpellingsOfOneKeyAreTheSameKey() {
        // "\u0062" is "b": decoders see two "ab" keys.
        #expect(duplicate(#"{"ab": 1, "a\u0062": 2}"#) == ["ab"])
    }

    @Test func hfConfigWithTwoLayerCountsIsRejected() {
        let text = #"{"hidden_size": 64, "num_attention_heads": 4, "intermediate_size": 128, "num_hidden_layers": 30,"#
            + #" "vocab_size": 100, "num_hidden_layers": 2}"#
        let error = #expect(throws: InputError.self) { try HFConfig.parse(Data(text.utf8), source: "c.json") }
        #expect(error?.field == "num_hidden_layers")
        #expect(error?.reason.hasPrefix("duplicate key") == true)
    }
}
