import EdgeModel

/// The whole-program totals of a cachegrind output file (`--cachegrind-out-file`): the `events:` names with the
/// `summary:` counts, and the simulated caches from the `desc:` lines.
public struct CachegrindOutput: Equatable, Sendable {
    /// Event name (`Ir`, `Dr`, `D1mr`, `DLmr`, `Dw`, `D1mw`, `DLmw`, …) → count over the whole run.
    public var totals: [String: Int]
    /// The `desc:` lines (the cache geometry cachegrind actually simulated), in file order.
    public var descriptions: [String]

    /// D1 misses, reads and writes.
    public var d1Misses: Int { (totals["D1mr"] ?? 0) + (totals["D1mw"] ?? 0) }
    /// Last-level data misses, reads and writes.
    public var llDataMisses: Int { (totals["DLmr"] ?? 0) + (totals["DLmw"] ?? 0) }

    /// Parses the text of a cachegrind output file; `file` names it in errors.
    /// - Throws: `InputError` when the `events:` or `summary:` line is missing, or they do not match.
    public init(text: Substring, file: String) throws {
        var events: [String]?
        var summary: [Int]?
        var descriptions: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("desc:") {
                descriptions.append(line.dropFirst(5).split(separator: " ").joined(separator: " "))
            } else if line.hasPrefix("events:") {
                events = line.dropFirst(7).split(separator: " ").map(String.init)
            } else if line.hasPrefix("summary:") {
                let fields = line.dropFirst(8).split(separator: " ")
                let counts = fields.compactMap { Int($0) }
                guard counts.count == fields.count, counts.allSatisfy({ $0 >= 0 }) else {
                    throw InputError(file: file, field: "summary", "is not a list of non-negative counts")
                }
                summary = counts
            }
        }
        guard let events, !events.isEmpty else { throw InputError(file: file, field: "events", "line is missing") }
        guard let summary else { throw InputError(file: file, field: "summary", "line is missing") }
        guard summary.count == events.count else {
            throw InputError(file: file, field: "summary", "has \(summary.count) counts for \(events.count) events")
        }
        totals = Dictionary(zip(events, summary), uniquingKeysWith: { a, _ in a })
        self.descriptions = descriptions
    }
}
