#!/usr/bin/env python3
"""Writes tiny Hugging Face safetensors checkpoints and their expected logits to Tests/Fixtures/safetensors/.

mobilellm-ls-tiny/     MobileLLM-style config.json ("model_type": "mobilellm", share_embedding true,
                       tie_word_embeddings false, layer_sharing true → blocks run 0 0 1 1, each executed layer
                       with its own KV), one model.safetensors in F16 holding the 2 physical blocks.
tiny-llama-sharded/    "model_type": "llama", tied embeddings, no layer sharing, F32 in two shards plus
                       model.safetensors.index.json; the same weights (seed) as the GGUF fixtures, so its logits
                       must also match llama.cpp's on tiny-llama-f32.gguf.

Expected logits come from the NumPy float64 reference (tiny_llama.forward) on the weights as stored.
Usage: python3 scripts/make_safetensors_fixtures.py  (needs: pip install numpy safetensors)
"""
import json
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_gguf_fixtures as gguf_fixtures  # noqa: E402
import tiny_llama as tl  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "safetensors"
LS_SEED = 7


def hf_config(cfg: tl.TinyConfig, model_type: str, dtype: str, **extra) -> dict:
    config = {
        "architectures": ["MobileLLMForCausalLM" if model_type == "mobilellm" else "LlamaForCausalLM"],
        "model_type": model_type,
        "hidden_size": cfg.dim,
        "intermediate_size": cfg.ffn,
        "num_hidden_layers": cfg.blocks,
        "num_attention_heads": cfg.heads,
        "num_key_value_heads": cfg.kv_heads,
        "head_dim": cfg.head_dim,
        "vocab_size": cfg.vocab,
        "max_position_embeddings": cfg.context,
        "rope_theta": cfg.rope_theta,
        "rms_norm_eps": cfg.norm_eps,
        "hidden_act": "silu",
        "torch_dtype": dtype,
        "bos_token_id": 1,
        "eos_token_id": 2,
    }
    config.update(extra)
    return config


def write_expected(directory: Path, cfg: tl.TinyConfig, weights: dict, name: str, seed: int):
    logits = tl.forward(cfg, weights, gguf_fixtures.TOKENS)
    record = {
        "schemaVersion": 1,
        "generator": "scripts/make_safetensors_fixtures.py",
        "oracle": "NumPy float64 reference forward pass (scripts/tiny_llama.py)",
        "checkpoint": name,
        "seed": seed,
        "schedule": cfg.executed(),
        "tokens": gguf_fixtures.TOKENS,
        "logits": tl.logits_json(logits),
        "tolerance": 1e-4,
    }
    (directory / "expected.logits.json").write_text(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")


def layer_shared():
    cfg = tl.TinyConfig(tied=True, schedule=[0, 0, 1, 1])
    weights = {k: v.astype(np.float16) for k, v in tl.random_weights(cfg, LS_SEED).items()}
    directory = OUT / "mobilellm-ls-tiny"
    directory.mkdir(parents=True, exist_ok=True)
    config = hf_config(cfg, "mobilellm", "float16", share_embedding=True, tie_word_embeddings=False,
                       layer_sharing=True, use_cache=False)
    (directory / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    save_file(weights, str(directory / "model.safetensors"), metadata={"format": "pt"})
    write_expected(directory, cfg, weights, directory.name, LS_SEED)


def sharded():
    cfg = tl.TinyConfig(tied=True)
    weights = tl.random_weights(cfg, gguf_fixtures.SEED)
    directory = OUT / "tiny-llama-sharded"
    directory.mkdir(parents=True, exist_ok=True)
    config = hf_config(cfg, "llama", "float32", tie_word_embeddings=True)
    (directory / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    names = sorted(weights)
    first = [n for n in names if n.startswith("model.layers.0.") or n == "model.embed_tokens.weight"]
    shards = {"model-00001-of-00002.safetensors": first,
              "model-00002-of-00002.safetensors": [n for n in names if n not in first]}
    weight_map = {}
    for shard, members in shards.items():
        save_file({n: weights[n] for n in members}, str(directory / shard), metadata={"format": "pt"})
        weight_map.update({n: shard for n in members})
    total = sum(w.nbytes for w in weights.values())
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    (directory / "model.safetensors.index.json").write_text(json.dumps(index, indent=2) + "\n")
    write_expected(directory, cfg, weights, directory.name, gguf_fixtures.SEED)


if __name__ == "__main__":
    layer_shared()
    sharded()
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(path.relative_to(OUT), path.stat().st_size)
