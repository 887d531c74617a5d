/// Comma-separated token ids given on the command line (`logits --tokens 1,5,9`, `run --prompt-tokens`).
public enum TokenList {
    /// Parses `text` (`"1, 5,9"`) into ids in 0..<`vocab`, at most `context` of them.
    /// - Throws: `InputError` naming `flag`: too many ids (checked before any is parsed), an item that is not a
    ///   non-negative integer, or an id outside the vocabulary.
    public static func parse(_ text: String, flag: String, vocab: Int, context: Int) throws -> [Int32] {
        func fail(_ reason: String) -> InputError { InputError(file: "<command line>", field: flag, reason) }
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= context else {
            throw fail("\(items.count) tokens exceed the model's context of \(context) positions")
        }
        return try items.map { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard let id = Int32(trimmed), id >= 0 else { throw fail("'\(trimmed)' is not a token id (comma-separated integers)") }
            guard Int(id) < vocab else { throw fail("token id \(id) is outside the vocabulary 0..<\(vocab)") }
            return id
        }
    }
}
