"""A tiny random LLaMA/MobileLLM model in Hugging Face layout and an independent NumPy forward pass.

Written from the architecture in shared/reference/models.md (pre-norm LLaMA block, RMSNorm, rotate-half RoPE,
grouped-query causal attention, SwiGLU, final RMSNorm, logits through the embedding matrix or an LM head).
Used by make_gguf_fixtures.py and make_safetensors_fixtures.py; computes in float64.
"""
from dataclasses import dataclass, field

import numpy as np


@dataclass
class TinyConfig:
    blocks: int = 2
    dim: int = 32
    heads: int = 4
    kv_heads: int = 2
    head_dim: int = 16
    ffn: int = 64
    vocab: int = 256
    context: int = 64
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5
    tied: bool = True
    # Executed layer -> physical block; None means 0..blocks-1.
    schedule: list = field(default=None)

    def executed(self):
        return self.schedule if self.schedule is not None else list(range(self.blocks))


def random_weights(cfg: TinyConfig, seed: int) -> dict:
    """HF-named float32 weights; scales keep activations O(1) so attention and logits are not flat."""
    rng = np.random.default_rng(seed)

    def mat(rows, cols):
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def norm(n):
        return (1.0 + 0.2 * rng.standard_normal(n)).astype(np.float32)

    q_dim, kv_dim = cfg.heads * cfg.head_dim, cfg.kv_heads * cfg.head_dim
    w = {"model.embed_tokens.weight": (0.7 * rng.standard_normal((cfg.vocab, cfg.dim))).astype(np.float32)}
    for b in range(cfg.blocks):
        p = f"model.layers.{b}."
        w[p + "input_layernorm.weight"] = norm(cfg.dim)
        w[p + "self_attn.q_proj.weight"] = mat(q_dim, cfg.dim) * 2.0
        w[p + "self_attn.k_proj.weight"] = mat(kv_dim, cfg.dim) * 2.0
        w[p + "self_attn.v_proj.weight"] = mat(kv_dim, cfg.dim)
        w[p + "self_attn.o_proj.weight"] = mat(cfg.dim, q_dim)
        w[p + "post_attention_layernorm.weight"] = norm(cfg.dim)
        w[p + "mlp.gate_proj.weight"] = mat(cfg.ffn, cfg.dim)
        w[p + "mlp.up_proj.weight"] = mat(cfg.ffn, cfg.dim)
        w[p + "mlp.down_proj.weight"] = mat(cfg.dim, cfg.ffn)
    w["model.norm.weight"] = norm(cfg.dim)
    if not cfg.tied:
        w["lm_head.weight"] = mat(cfg.vocab, cfg.dim) * 4.0
    return w


def rms_norm(x, weight, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def rope_halves(x, theta):
    """Rotate-half RoPE on (T, heads, head_dim): dimension i pairs with i + head_dim/2."""
    t, _, hd = x.shape
    inv = theta ** (-np.arange(0, hd, 2, dtype=np.float64) / hd)
    angles = np.arange(t, dtype=np.float64)[:, None] * inv[None, :]
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    x1, x2 = x[..., : hd // 2], x[..., hd // 2:]
    return np.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1)


def forward(cfg: TinyConfig, w: dict, tokens) -> np.ndarray:
    """Logits (T, vocab) at every position of `tokens` (a causal full-sequence pass)."""
    w = {k: v.astype(np.float64) for k, v in w.items()}
    t, hd = len(tokens), cfg.head_dim
    group = cfg.heads // cfg.kv_heads
    x = w["model.embed_tokens.weight"][np.asarray(tokens)]
    mask = np.triu(np.full((t, t), -np.inf), k=1)
    for b in cfg.executed():
        p = f"model.layers.{b}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], cfg.norm_eps)
        q = (h @ w[p + "self_attn.q_proj.weight"].T).reshape(t, cfg.heads, hd)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).reshape(t, cfg.kv_heads, hd)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).reshape(t, cfg.kv_heads, hd)
        q, k = rope_halves(q, cfg.rope_theta), rope_halves(k, cfg.rope_theta)
        out = np.empty((t, cfg.heads, hd))
        for head in range(cfg.heads):
            kv = head // group
            scores = q[:, head, :] @ k[:, kv, :].T / np.sqrt(hd) + mask
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            out[:, head, :] = (scores / scores.sum(axis=-1, keepdims=True)) @ v[:, kv, :]
        x = x + out.reshape(t, cfg.heads * hd) @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], cfg.norm_eps)
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (gate / (1.0 + np.exp(-gate)) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], cfg.norm_eps)
    head = w["lm_head.weight"] if "lm_head.weight" in w else w["model.embed_tokens.weight"]
    return x @ head.T


def permute_for_interleaved_rope(weight: np.ndarray, heads: int) -> np.ndarray:
    """Q/K rows reordered as llama.cpp's HF→GGUF converter does: within each head, row i of the first half
    goes to row 2i and row i of the second half to row 2i + 1, so rotate-half RoPE becomes pairwise RoPE."""
    rows = weight.shape[0]
    hd = rows // heads
    return weight.reshape(heads, 2, hd // 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def logits_json(values: np.ndarray) -> list:
    """Logits rounded to float32, as nested lists of their shortest float32 decimal spellings (compact JSON
    that parses back to the same float32 values)."""
    return [[float(str(np.float32(v))) for v in row] for row in values]
