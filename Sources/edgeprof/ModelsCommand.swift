import ArgumentParser
import EdgeModel
import EdgeReports
import Foundation

/// `edgeprof models`: every preset with its size, shape, weight bytes per precision and KV bytes per token.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the MobileLLM presets: parameters, layers, dims, weight MB, KV bytes.")

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    struct Entry: Encodable {
        var name: String
        var parameters: Int
        var blocks: Int
        var executedLayers: Int
        var sharing: SharingStrategy
        var repeats: Int
        var dim: Int
        var heads: Int
        var kvHeads: Int
        var headDim: Int
        var ffnHidden: Int
        var vocab: Int
        var context: Int
        var qkNorm: Bool
        var sharedEmbedding: Bool
        /// Weight bytes by precision name.
        var weightBytes: [String: Int]
        /// KV-cache bytes per token at f16 entries.
        var kvBytesPerToken: Int
    }

    struct Document: Encodable {
        var schemaVersion: Int
        var models: [Entry]
    }

    func run() throws {
        let entries = Presets.all.map { c in
            Entry(name: c.name, parameters: c.parameters, blocks: c.blocks, executedLayers: c.executedLayers,
                  sharing: c.sharing, repeats: c.repeats, dim: c.dim, heads: c.heads, kvHeads: c.kvHeads,
                  headDim: c.headDim, ffnHidden: c.ffnHidden, vocab: c.vocab, context: c.context, qkNorm: c.qkNorm,
                  sharedEmbedding: c.sharedEmbedding,
                  weightBytes: Dictionary(uniqueKeysWithValues: Precision.all.map {
                      ($0.name, c.with(precision: $0).weightBytes)
                  }),
                  kvBytesPerToken: c.kvBytesPerToken)
        }
        if format == .json { return try printJSON(Document(schemaVersion: schemaVersion, models: entries)) }
        var table = TextTable(["model", "params", "blocks", "layers", "dim", "heads/kv", "ffn", "vocab"]
                              + Precision.all.map { "\($0.name) MB" } + ["KV B/tok"])
        for e in entries {
            table.add([e.name, millions(e.parameters), "\(e.blocks)", "\(e.executedLayers)", "\(e.dim)",
                       "\(e.heads)/\(e.kvHeads)", "\(e.ffnHidden)", "\(e.vocab)"]
                      + Precision.all.map { megabytes(e.weightBytes[$0.name] ?? 0) } + ["\(e.kvBytesPerToken)"])
        }
        print(format == .csv ? table.csv() : table.render())
    }
}

/// "124.6M" / "1.01B": parameter counts as model cards print them.
func millions(_ n: Int) -> String {
    n >= 1_000_000_000 ? fixed(Double(n) / 1e9, 2) + "B" : fixed(Double(n) / 1e6, 1) + "M"
}
