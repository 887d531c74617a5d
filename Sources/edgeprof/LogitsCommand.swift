import ArgumentParser
import EdgeModel
import EdgeReports
import EdgeRuntime
import Foundation

/// `edgeprof logits --weights FILE --tokens 1,5,9`: the forward pass on real weights, logits at every position.
struct LogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Run the forward pass on weights from a GGUF file or safetensors checkpoint and print the logits "
            + "at every position of a token list.")

    @Option(help: "A GGUF file, or a safetensors checkpoint (directory, config.json, .safetensors or index.json).")
    var weights: String

    @Option(help: "The config.json of a safetensors checkpoint, when it is not next to the weights.")
    var model: String?

    @Option(help: "Comma-separated token ids, e.g. 1,5,9.")
    var tokens: String

    @Option(help: "Worker threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("kv-precision"), help: "KV-cache precision: f32 (default, exact) or f16.")
    var kvPrecision: String = "f32"

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    struct Document: Encodable {
        var schemaVersion: Int
        var origin: String
        var config: String
        var ropeStyle: RopeStyle
        var kvPrecision: String
        var tokens: [Int32]
        /// `logits[p][v]`: logit of vocabulary entry v after the tokens up to position p.
        var logits: [[Float]]
    }

    func run() throws {
        let flags = "<command line>"
        guard threads >= 1 && threads <= 256 else {
            throw InputError(file: flags, field: "--threads", "must be in 1...256, got \(threads)")
        }
        guard let kv = Precision(name: kvPrecision), kv == .f32 || kv == .f16 else {
            throw InputError(file: flags, field: "--kv-precision", "must be f32 or f16, got '\(kvPrecision)'")
        }
        let file = try ModelFiles.open(path: weights, configPath: model)
        let ids = try TokenList.parse(tokens, flag: "--tokens", vocab: file.config.vocab, context: file.config.context)
        let source = try ReconfiguredWeights(file, config: file.config.with(kvPrecision: kv))
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(threads: threads, maxPositions: ids.count))
        let logits = try runtime.logits(tokens: ids)
        if let p = logits.firstIndex(where: { !$0.allSatisfy(\.isFinite) }) {
            throw InputError(file: weights, field: "logits[\(p)]", "are not finite: the weights hold NaN or infinite values")
        }
        let doc = Document(schemaVersion: schemaVersion, origin: source.origin, config: source.config.name,
                           ropeStyle: source.ropeStyle, kvPrecision: kv.name, tokens: ids, logits: logits)
        switch format {
        case .json: try printJSON(doc)
        case .csv: print(csv(doc).csv())
        case .table: print(summary(doc).render())
        }
    }

    /// One row per position: the token, then every logit.
    private func csv(_ doc: Document) -> TextTable {
        let vocab = doc.logits.first?.count ?? 0
        var table = TextTable(["position", "token"] + (0..<vocab).map { "logit_\($0)" })
        for (p, row) in doc.logits.enumerated() {
            table.add(["\(p)", "\(doc.tokens[p])"] + row.map { "\($0)" })
        }
        return table
    }

    /// One row per position: the token, the most likely next token and its logit, and the logits' range.
    private func summary(_ doc: Document) -> TextTable {
        var table = TextTable(["position", "token", "argmax", "max logit", "min logit"])
        for (p, row) in doc.logits.enumerated() {
            let best = row.indices.max { row[$0] < row[$1] } ?? 0
            table.add(["\(p)", "\(doc.tokens[p])", "\(best)", fixed(Double(row[best]), 4),
                       fixed(Double(row.min() ?? 0), 4)])
        }
        return table
    }
}
