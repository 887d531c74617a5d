/// The architecture of a MobileLLM / LLaMA-family decoder, with its sharing schedule and weight precision.
///
/// `blocks` counts physical transformer blocks (unique weights); `executedLayers` counts the layers a forward
/// pass runs once sharing repeats them.
public struct ModelConfig: Codable, Hashable, Sendable {
    public var name: String
    /// Physical transformer blocks (weights stored once each).
    public var blocks: Int
    public var dim: Int
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    /// SwiGLU hidden size.
    public var ffnHidden: Int
    public var vocab: Int
    /// Maximum context length (positions).
    public var context: Int
    public var ropeTheta: Double
    public var normEps: Double
    /// RMS normalisation of q and k after RoPE, without weights (MobileLLM-R1).
    public var qkNorm: Bool
    /// Output logits reuse the input embedding matrix (no separate LM head).
    public var sharedEmbedding: Bool
    public var sharing: SharingStrategy
    /// How many times each block runs (k ≥ 1; 1 when `sharing` is `none`).
    public var repeats: Int
    /// Precision of the weight matrices (norm weights stay f32).
    public var precision: Precision
    /// Precision of the KV cache entries (f32 or f16).
    public var kvPrecision: Precision

    public init(name: String, blocks: Int, dim: Int, heads: Int, kvHeads: Int, headDim: Int? = nil,
                ffnHidden: Int, vocab: Int, context: Int, ropeTheta: Double = 10_000, normEps: Double = 1e-5,
                qkNorm: Bool = false, sharedEmbedding: Bool = true, sharing: SharingStrategy = .none,
                repeats: Int = 1, precision: Precision = .f16, kvPrecision: Precision = .f16) {
        self.name = name
        self.blocks = blocks
        self.dim = dim
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim ?? (heads > 0 ? dim / heads : 0)
        self.ffnHidden = ffnHidden
        self.vocab = vocab
        self.context = context
        self.ropeTheta = ropeTheta
        self.normEps = normEps
        self.qkNorm = qkNorm
        self.sharedEmbedding = sharedEmbedding
        self.sharing = sharing
        self.repeats = repeats
        self.precision = precision
        self.kvPrecision = kvPrecision
    }

    /// Executed layer i → physical block (0-based).
    public var schedule: [Int] { sharing.schedule(blocks: blocks, repeats: repeats) }

    /// Layers a forward pass executes (each with its own KV cache).
    public var executedLayers: Int { sharing == .none ? blocks : blocks * repeats }

    /// Width of the concatenated query heads.
    public var qDim: Int { heads * headDim }
    /// Width of the concatenated key (or value) heads.
    public var kvDim: Int { kvHeads * headDim }

    /// The same architecture with another sharing strategy, repeat count or precision.
    public func with(sharing: SharingStrategy? = nil, repeats: Int? = nil, precision: Precision? = nil,
                     kvPrecision: Precision? = nil) -> ModelConfig {
        var copy = self
        if let sharing { copy.sharing = sharing }
        if let repeats { copy.repeats = repeats }
        if let precision { copy.precision = precision }
        if let kvPrecision { copy.kvPrecision = kvPrecision }
        if copy.sharing == SharingStrategy.none && repeats == nil { copy.repeats = 1 }
        return copy
    }

    /// Limits beyond which a configuration is rejected as absurd (or would overflow byte counts).
    public static let limits = (dim: 1 << 16, blocks: 1 << 12, heads: 1 << 10, vocab: 1 << 22,
                                context: 1 << 22, ffn: 1 << 18, repeats: 16, parameters: 1 << 40,
                                bytes: 0x1p50, flops: 0x1p62)

    /// Checks every field; `source` names the file (or preset) in the error.
    public func validate(source: String) throws {
        func fail(_ field: String, _ reason: String) -> InputError { InputError(file: source, field: field, reason) }
        let sizes: [(String, Int, Int)] = [
            ("num_hidden_layers", blocks, Self.limits.blocks), ("hidden_size", dim, Self.limits.dim),
            ("num_attention_heads", heads, Self.limits.heads), ("num_key_value_heads", kvHeads, Self.limits.heads),
            ("head_dim", headDim, Self.limits.dim), ("intermediate_size", ffnHidden, Self.limits.ffn),
            ("vocab_size", vocab, Self.limits.vocab), ("max_position_embeddings", context, Self.limits.context),
        ]
        for (field, value, limit) in sizes {
            if value <= 0 { throw fail(field, "must be positive, got \(value)") }
            if value > limit { throw fail(field, "\(value) exceeds the limit \(limit)") }
        }
        if heads % kvHeads != 0 {
            throw fail("num_key_value_heads", "\(kvHeads) does not divide num_attention_heads \(heads)")
        }
        if headDim % 2 != 0 { throw fail("head_dim", "must be even for RoPE, got \(headDim)") }
        if !(ropeTheta > 0) || !ropeTheta.isFinite { throw fail("rope_theta", "must be a positive number, got \(ropeTheta)") }
        if !(normEps > 0) || !normEps.isFinite { throw fail("rms_norm_eps", "must be a positive number, got \(normEps)") }
        if repeats < 1 || repeats > Self.limits.repeats {
            throw fail("repeats", "must be between 1 and \(Self.limits.repeats), got \(repeats)")
        }
        if sharing == .none && repeats != 1 {
            throw fail("repeats", "sharing strategy 'none' runs each block once; got repeats \(repeats)")
        }
        switch kvPrecision {
        case .f32, .f16: break
        default: throw fail("kv_precision", "must be f32 or f16, got \(kvPrecision.name)")
        }
        if parameters > Self.limits.parameters { throw fail("parameters", "\(parameters) parameters is absurd") }
        // Byte and FLOP counts at the full context must fit comfortably in 64 bits.
        let kvAtContext = Double(executedLayers) * 2 * Double(kvDim) * 4 * Double(context)
        if kvAtContext > Self.limits.bytes {
            throw fail("max_position_embeddings", "a KV cache of \(context) positions would take \(kvAtContext) bytes")
        }
        let attentionAtContext = Double(executedLayers * heads) * Double(4 * headDim + 5) * Double(context) * Double(context)
        let matmulAtContext = 2 * Double(parameters) * Double(repeats) * Double(context)
        if attentionAtContext + matmulAtContext > Self.limits.flops {
            throw fail("max_position_embeddings", "a prefill of \(context) positions would count more than 2^62 FLOPs")
        }
    }
}
