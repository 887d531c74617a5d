#!/usr/bin/env python3
"""Writes a tiny BF16 Hugging Face checkpoint and its expected logits to Tests/Fixtures/safetensors/tiny-llama-bf16/.

"model_type": "llama", "torch_dtype": "bfloat16", tied embeddings, every tensor stored as BF16 (round to nearest
even from the float32 weights of tiny_llama.random_weights). Expected logits come from the NumPy float64 reference
(tiny_llama.forward) on the weights as stored (the BF16 values widened exactly). The file is written by the small
safetensors writer below (8-byte little-endian header length, JSON header, raw tensor bytes), so only NumPy is needed.
Usage: python3 scripts/make_bf16_safetensors_fixture.py
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tiny_llama as tl  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "safetensors" / "tiny-llama-bf16"
SEED = 11
TOKENS = [1, 17, 200, 5, 99, 42, 3, 128, 255, 64]


def to_bf16_bits(x: np.ndarray) -> np.ndarray:
    """float32 → bfloat16 bit patterns, round to nearest even (no NaNs in these weights)."""
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def from_bf16_bits(h: np.ndarray) -> np.ndarray:
    return (h.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path: Path, tensors: dict):
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name in sorted(tensors):
        data = tensors[name].astype("<u2").tobytes()
        header[name] = {"dtype": "BF16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    cfg = tl.TinyConfig(tied=True)
    bits = {k: to_bf16_bits(v) for k, v in tl.random_weights(cfg, SEED).items()}
    stored = {k: from_bf16_bits(v) for k, v in bits.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": cfg.dim,
        "intermediate_size": cfg.ffn, "num_hidden_layers": cfg.blocks, "num_attention_heads": cfg.heads,
        "num_key_value_heads": cfg.kv_heads, "head_dim": cfg.head_dim, "vocab_size": cfg.vocab,
        "max_position_embeddings": cfg.context, "rope_theta": cfg.rope_theta, "rms_norm_eps": cfg.norm_eps,
        "hidden_act": "silu", "torch_dtype": "bfloat16", "tie_word_embeddings": True,
        "bos_token_id": 1, "eos_token_id": 2,
    }
    (OUT / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    write_safetensors(OUT / "model.safetensors", bits)
    record = {
        "schemaVersion": 1,
        "generator": "scripts/make_bf16_safetensors_fixture.py",
        "oracle": "NumPy float64 reference forward pass (scripts/tiny_llama.py) on the BF16 weights widened exactly",
        "checkpoint": OUT.name,
        "seed": SEED,
        "schedule": cfg.executed(),
        "tokens": TOKENS,
        "logits": tl.logits_json(tl.forward(cfg, stored, TOKENS)),
        "tolerance": 1e-3,
    }
    (OUT / "expected.logits.json").write_text(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
