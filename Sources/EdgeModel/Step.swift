/// One forward step: a prefill of a prompt or one decode token.
public enum Step: Hashable, Codable, Sendable {
    /// The prompt's `tokens` positions 0..<tokens at once.
    case prefill(tokens: Int)
    /// One token at `position`; the KV cache already holds positions 0..<position.
    case decode(position: Int)

    /// Tokens processed in the step.
    public var tokens: Int {
        switch self {
        case .prefill(let p): p
        case .decode: 1
        }
    }

    /// Position of the step's first token.
    public var start: Int {
        switch self {
        case .prefill: 0
        case .decode(let t): t
        }
    }

    /// Positions in the KV cache after the step.
    public var contextAfter: Int { start + tokens }
}
