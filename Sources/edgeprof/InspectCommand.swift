import ArgumentParser
import EdgeModel
import EdgeReports

/// `edgeprof inspect MODEL`: the tensors, the sharing schedule and the analytic counts of one model.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's tensors, executed-layer schedule, FLOPs, bytes and KV-cache sizes.")

    @Argument(help: "A preset name or a path to a Hugging Face config.json.")
    var model: String

    @OptionGroup var options: ModelOptions

    @Option(help: "Prompt tokens for the prefill counts.")
    var prompt: Int = 64

    @Option(help: "Position of the decode step for the decode counts (default: the prompt length).")
    var position: Int?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    struct Totals: Encodable {
        var parameters: Int
        var blocks: Int
        var executedLayers: Int
        var weightBytes: Int
        var blockWeightBytes: Int
        var kvBytesPerToken: Int
        var kvBytesAtContext: Int
    }

    struct Document: Encodable {
        var schemaVersion: Int
        var config: ModelConfig
        var schedule: [Int]
        var tensors: [TensorSpec]
        var totals: Totals
        var prefill: OpCounts
        var decode: OpCounts
    }

    func run() throws {
        let config = try options.resolve(model, flag: "<model>")
        guard prompt > 0, prompt <= config.context else {
            throw InputError(file: "<command line>", field: "--prompt", "must be in 1...\(config.context), got \(prompt)")
        }
        let t = position ?? min(prompt, config.context - 1)
        guard t >= 0, t < config.context else {
            throw InputError(file: "<command line>", field: "--position", "must be in 0..<\(config.context), got \(t)")
        }
        let doc = Document(
            schemaVersion: schemaVersion, config: config, schedule: config.schedule, tensors: config.tensors,
            totals: Totals(parameters: config.parameters, blocks: config.blocks, executedLayers: config.executedLayers,
                           weightBytes: config.weightBytes, blockWeightBytes: config.blockWeightBytes,
                           kvBytesPerToken: config.kvBytesPerToken, kvBytesAtContext: config.kvBytes(tokens: config.context)),
            prefill: OpCounts(config: config, step: .prefill(tokens: prompt)),
            decode: OpCounts(config: config, step: .decode(position: t)))
        switch format {
        case .json: try printJSON(doc)
        case .csv: print(tensorTable(doc).csv())
        case .table: print(render(doc))
        }
    }

    private func tensorTable(_ doc: Document) -> TextTable {
        var table = TextTable(["tensor", "shape", "precision", "bytes", "block"])
        for t in doc.tensors {
            table.add([t.name, t.shape.map(String.init).joined(separator: "x"), t.precision.name, "\(t.bytes)",
                       t.block.map(String.init) ?? "-"])
        }
        return table
    }

    private func render(_ doc: Document) -> String {
        let c = doc.config, s = doc.totals
        var lines = [
            "\(c.name): \(millions(s.parameters)) parameters (\(s.parameters)), \(c.precision.name) weights \(megabytes(s.weightBytes)) MB",
            "blocks \(s.blocks), executed layers \(s.executedLayers) (\(c.sharing.rawValue) ×\(c.repeats)), dim \(c.dim), "
                + "heads \(c.heads)/\(c.kvHeads) × \(c.headDim), ffn \(c.ffnHidden), vocab \(c.vocab), context \(c.context)",
            "KV cache (\(c.kvPrecision.name)): \(s.kvBytesPerToken) B/token, \(megabytes(s.kvBytesAtContext)) MB at \(c.context) tokens",
            "schedule (executed layer → block): " + doc.schedule.map(String.init).joined(separator: " "),
            "",
        ]
        var counts = TextTable(["op", "count", "prefill GFLOP", "prefill MB read", "decode MFLOP", "decode MB read"])
        for (p, d) in zip(doc.prefill.perOp, doc.decode.perOp) {
            counts.add([p.kind.rawValue, "\(p.count)", fixed(Double(p.flops) / 1e9, 3), megabytes(p.bytesRead),
                        fixed(Double(d.flops) / 1e6, 2), megabytes(d.bytesRead)])
        }
        counts.add(["total", "", fixed(Double(doc.prefill.flops) / 1e9, 3), megabytes(doc.prefill.bytesRead),
                    fixed(Double(doc.decode.flops) / 1e6, 2), megabytes(doc.decode.bytesRead)])
        lines.append("prefill of \(prompt) tokens, decode at position \(doc.decode.step.start):")
        lines.append(counts.render())
        lines.append("")
        lines.append(tensorTable(doc).render())
        return lines.joined(separator: "\n")
    }
}
