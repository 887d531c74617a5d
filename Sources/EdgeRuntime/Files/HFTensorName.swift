/// Hugging Face LLaMA tensor names → the canonical GGUF-style names of `ModelConfig.tensors`.
enum HFTensorName {
    /// What a checkpoint name maps to.
    enum Mapping: Equatable {
        case canonical(String)
        /// A buffer that some checkpoints store but that is not a weight (`rotary_emb.inv_freq`).
        case ignored
        case unknown
    }

    private static let global = [
        "model.embed_tokens.weight": "token_embd.weight",
        "model.norm.weight": "output_norm.weight",
        "lm_head.weight": "output.weight",
    ]

    private static let perBlock = [
        "input_layernorm.weight": "attn_norm.weight",
        "self_attn.q_proj.weight": "attn_q.weight",
        "self_attn.k_proj.weight": "attn_k.weight",
        "self_attn.v_proj.weight": "attn_v.weight",
        "self_attn.o_proj.weight": "attn_output.weight",
        "post_attention_layernorm.weight": "ffn_norm.weight",
        "mlp.gate_proj.weight": "ffn_gate.weight",
        "mlp.up_proj.weight": "ffn_up.weight",
        "mlp.down_proj.weight": "ffn_down.weight",
    ]

    static func map(_ name: String) -> Mapping {
        if let canonical = global[name] { return .canonical(canonical) }
        let parts = name.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "model", parts[1] == "layers",
              let block = Int(parts[2]), block >= 0, String(block) == parts[2] else { return .unknown }
        let rest = String(parts[3])
        if rest == "self_attn.rotary_emb.inv_freq" { return .ignored }
        guard let suffix = perBlock[rest] else { return .unknown }
        return .canonical("blk.\(block).\(suffix)")
    }
}
