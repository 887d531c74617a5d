/// What a weight tensor is for.
public enum TensorRole: String, Codable, CaseIterable, Sendable {
    case embedding, attnNorm, q, k, v, o, ffnNorm, gate, up, down, outputNorm, output
}

/// One weight tensor: its canonical (GGUF-style) name, shape, storage and owning block.
///
/// Matrices are `rows × columns` with `rows` the output size (y = W·x); vectors have `rows == 1`.
public struct TensorSpec: Codable, Hashable, Sendable {
    public var name: String
    public var role: TensorRole
    /// Owning physical block, nil for the embedding, final norm and LM head.
    public var block: Int?
    public var rows: Int
    public var columns: Int
    public var precision: Precision

    /// Elements (parameters) in the tensor.
    public var elements: Int { rows * columns }
    /// Bytes in memory, quantization scales included.
    public var bytes: Int { precision.bytes(rows: rows, columns: columns) }
    /// Shape as written in files, outermost first: `[rows, columns]`, or `[columns]` for vectors.
    public var shape: [Int] { rows == 1 && role.isVector ? [columns] : [rows, columns] }
}

extension TensorRole {
    /// Norm weights are vectors and stay f32 at every precision.
    public var isVector: Bool { self == .attnNorm || self == .ffnNorm || self == .outputNorm }
}

extension ModelConfig {
    /// Every unique weight tensor, in memory order: embedding, blocks 0…n-1, final norm, then LM head if untied.
    public var tensors: [TensorSpec] {
        func t(_ name: String, _ role: TensorRole, _ block: Int?, _ rows: Int, _ cols: Int) -> TensorSpec {
            TensorSpec(name: name, role: role, block: block, rows: rows, columns: cols,
                       precision: role.isVector ? .f32 : precision)
        }
        var list = [t("token_embd.weight", .embedding, nil, vocab, dim)]
        for b in 0..<blocks {
            let p = "blk.\(b)."
            list += [
                t(p + "attn_norm.weight", .attnNorm, b, 1, dim),
                t(p + "attn_q.weight", .q, b, qDim, dim),
                t(p + "attn_k.weight", .k, b, kvDim, dim),
                t(p + "attn_v.weight", .v, b, kvDim, dim),
                t(p + "attn_output.weight", .o, b, dim, qDim),
                t(p + "ffn_norm.weight", .ffnNorm, b, 1, dim),
                t(p + "ffn_gate.weight", .gate, b, ffnHidden, dim),
                t(p + "ffn_up.weight", .up, b, ffnHidden, dim),
                t(p + "ffn_down.weight", .down, b, dim, ffnHidden),
            ]
        }
        list.append(t("output_norm.weight", .outputNorm, nil, 1, dim))
        if !sharedEmbedding { list.append(t("output.weight", .output, nil, vocab, dim)) }
        return list
    }

    /// Parameters of one block: d·(H·hd) + 2·d·(KV·hd) + (H·hd)·d + 3·d·h + 2·d.
    public var parametersPerBlock: Int {
        dim * qDim + 2 * dim * kvDim + qDim * dim + 3 * dim * ffnHidden + 2 * dim
    }

    /// Unique parameters: V·d + L·per_block + d, plus V·d for an untied LM head. Sharing adds none.
    public var parameters: Int {
        vocab * dim * (sharedEmbedding ? 1 : 2) + blocks * parametersPerBlock + dim
    }

    /// Bytes of all unique weights at this config's precision (norms in f32).
    public var weightBytes: Int { tensors.reduce(0) { $0 + $1.bytes } }

    /// Bytes of the unique weights of one block.
    public var blockWeightBytes: Int { tensors.filter { $0.block == 0 }.reduce(0) { $0 + $1.bytes } }

    /// KV-cache bytes one token adds: a K and a V vector per executed layer.
    public var kvBytesPerToken: Int { executedLayers * 2 * kvDim * kvPrecision.rowBytes(columns: 1) }

    /// KV-cache bytes for `tokens` positions.
    public func kvBytes(tokens: Int) -> Int { kvBytesPerToken * tokens }
}
