/// The MobileLLM family as published (../shared/reference/models.md; Hugging Face model cards).
public enum Presets {
    /// Every preset, in the order `edgeprof models` lists them.
    public static let all: [ModelConfig] = [
        mobile("mobilellm-125m", blocks: 30, heads: 9, kv: 3, dim: 576, ffn: 1536),
        mobile("mobilellm-350m", blocks: 32, heads: 15, kv: 5, dim: 960, ffn: 2560),
        mobile("mobilellm-600m", blocks: 40, heads: 18, kv: 6, dim: 1152, ffn: 3072),
        mobile("mobilellm-1b", blocks: 54, heads: 20, kv: 5, dim: 1280, ffn: 3584),
        mobile("mobilellm-1.5b", blocks: 54, heads: 25, kv: 5, dim: 1600, ffn: 4352),
        mobile("mobilellm-ls-125m", blocks: 30, heads: 9, kv: 3, dim: 576, ffn: 1536, sharing: .immediate),
        mobile("mobilellm-ls-350m", blocks: 32, heads: 15, kv: 5, dim: 960, ffn: 2560, sharing: .immediate),
        r1("mobilellm-r1-140m", blocks: 15, heads: 9, kv: 3, dim: 576, ffn: 2048),
        r1("mobilellm-r1-360m", blocks: 15, heads: 16, kv: 4, dim: 1024, ffn: 4096),
        r1("mobilellm-r1-950m", blocks: 22, heads: 24, kv: 6, dim: 1536, ffn: 6144),
    ]

    /// The preset with this name (case-insensitive), or nil.
    public static func named(_ name: String) -> ModelConfig? {
        all.first { $0.name == name.lowercased() }
    }

    private static func mobile(_ name: String, blocks: Int, heads: Int, kv: Int, dim: Int, ffn: Int,
                               sharing: SharingStrategy = .none) -> ModelConfig {
        ModelConfig(name: name, blocks: blocks, dim: dim, heads: heads, kvHeads: kv, headDim: 64, ffnHidden: ffn,
                    vocab: 32000, context: 2048, ropeTheta: 10_000, normEps: 1e-5, sharing: sharing,
                    repeats: sharing == .none ? 1 : 2)
    }

    /// R1: rope_theta 8e6 (third-party copy of the config, unverified), weightless QK-norm, tied embeddings.
    private static func r1(_ name: String, blocks: Int, heads: Int, kv: Int, dim: Int, ffn: Int) -> ModelConfig {
        ModelConfig(name: name, blocks: blocks, dim: dim, heads: heads, kvHeads: kv, headDim: 64, ffnHidden: ffn,
                    vocab: 128_256, context: 32_768, ropeTheta: 8_000_000, normEps: 1e-5, qkNorm: true)
    }
}
