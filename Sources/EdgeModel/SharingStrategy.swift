/// How physical blocks are repeated to form the executed layers (MobileLLM §2.3).
///
/// For blocks B1…Bn repeated k times:
/// - `none`: B1 … Bn (k must be 1)
/// - `immediate`: each block k times in a row, B1 B1 B2 B2 … Bn Bn
/// - `repeatAllOver`: the whole stack k times, B1 … Bn B1 … Bn
/// - `reverse`: the stack forwards, then backwards, alternating, B1 … Bn Bn … B1 (B1 … Bn again for k = 3)
public enum SharingStrategy: String, CaseIterable, Codable, Sendable {
    case none
    case immediate
    case repeatAllOver = "repeat-all-over"
    case reverse

    /// The physical block (0-based) that each executed layer runs.
    public func schedule(blocks n: Int, repeats k: Int) -> [Int] {
        precondition(n > 0 && k > 0, "schedule needs positive blocks and repeats")
        switch self {
        case .none:
            return Array(0..<n)
        case .immediate:
            return (0..<n).flatMap { Array(repeating: $0, count: k) }
        case .repeatAllOver:
            return (0..<k).flatMap { _ in Array(0..<n) }
        case .reverse:
            return (0..<k).flatMap { pass in pass % 2 == 0 ? Array(0..<n) : Array((0..<n).reversed()) }
        }
    }
}
