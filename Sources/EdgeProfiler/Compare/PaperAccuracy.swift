import EdgeModel

/// The zero-shot accuracy the MobileLLM paper reports for layer-sharing strategies (quoted, never computed).
enum PaperAccuracy {
    static let source = "quoted: MobileLLM (arXiv 2402.14905) Table 2, average of 8 zero-shot tasks, "
        + "via shared/reference/models.md"

    /// The paper's figure for `sharing` ×`repeats` of `base`, when `base` has the 125M or 350M architecture and
    /// the paper reports that strategy (immediate and repeat-all-over, ×2).
    static func quoted(base: ModelConfig, sharing: SharingStrategy, repeats: Int) -> QuotedAccuracy? {
        guard repeats == 2 else { return nil }
        let size: String
        switch (base.blocks, base.dim, base.heads, base.kvHeads, base.ffnHidden) {
        case (30, 576, 9, 3, 1536): size = "125M"
        case (32, 960, 15, 5, 2560): size = "350M"
        default: return nil
        }
        let table: [String: [SharingStrategy: Double]] = [
            "125M": [.immediate: 45.0, .repeatAllOver: 45.2],
            "350M": [.immediate: 50.2, .repeatAllOver: 50.7],
        ]
        return table[size]?[sharing].map { QuotedAccuracy(value: $0, source: source) }
    }
}
