import Testing
@testable import EdgeModel

@Suite struct TokenListTests {
    func parse(_ text: String) throws -> [Int32] { try TokenList.parse(text, flag: "--tokens", vocab: 256, context: 4) }

    @Test func idsWithBlanks() throws {
        #expect(try parse("1, 5 ,255") == [1, 5, 255])
    }

    @Test func badListsNameTheFlag() {
        #expect(throws: InputError(file: "<command line>", field: "--tokens", "token id 256 is outside the vocabulary 0..<256")) {
            try parse("1,256")
        }
        #expect(throws: InputError(file: "<command line>", field: "--tokens", "5 tokens exceed the model's context of 4 positions")) {
            try parse("1,2,3,4,5")
        }
        for text in ["", "1,,2", "x", "-1", "1,2147483648"] {
            #expect(throws: InputError.self, "\(text)") { try parse(text) }
        }
    }
}
