#!/usr/bin/env python3
"""Writes tiny random llama GGUF files (F32, F16, Q8_0, Q4_0; tied embeddings) and the logits llama.cpp
computes for them, to Tests/Fixtures/gguf/.

The GGUFs hold the Q/K rows of an HF-layout model permuted the way llama.cpp's HF→GGUF converter does, so the
same model also runs through the independent NumPy reference (tiny_llama.forward, rotate-half RoPE). For every
type the script stores:
  logits           llama.cpp (llama-cpp-python, 1 thread, f32 KV cache, logits at every position)
  referenceLogits  NumPy float64 forward pass on the file's dequantized weights (Q/K rows un-permuted)
  tolerance        1e-4 for F32; for the other types max(1e-4, 2 × max|logits − referenceLogits|), the spread
                   llama.cpp itself shows from rounding activations to f16 / q8_0 in its matrix products.
tiny-llama-q8_0-llamacpp.gguf is the F32 file quantized by llama.cpp's own quantizer: a GGUF written by
llama.cpp's C++ writer (tensor order, metadata and padding of its own) rather than by gguf-py.
For F32 the NumPy-vs-llama.cpp difference cross-validates both oracles (it must stay ≤ 1e-4; it is ~1e-6).

Usage: python3 scripts/make_gguf_fixtures.py  (needs: pip install numpy gguf llama-cpp-python)
"""
import json
import sys
from importlib.metadata import version
from pathlib import Path

import gguf
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tiny_llama as tl  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "gguf"
SEED = 20241122
TOKENS = [1, 17, 200, 5, 99, 42, 3, 128, 255, 64]
TYPES = {
    "f32": gguf.GGMLQuantizationType.F32,
    "f16": gguf.GGMLQuantizationType.F16,
    "q8_0": gguf.GGMLQuantizationType.Q8_0,
    "q4_0": gguf.GGMLQuantizationType.Q4_0,
}
HF_TO_GGUF = {
    "input_layernorm.weight": "attn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight",
    "self_attn.k_proj.weight": "attn_k.weight",
    "self_attn.v_proj.weight": "attn_v.weight",
    "self_attn.o_proj.weight": "attn_output.weight",
    "post_attention_layernorm.weight": "ffn_norm.weight",
    "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight",
    "mlp.down_proj.weight": "ffn_down.weight",
}


def gguf_name(hf: str) -> str:
    if hf == "model.embed_tokens.weight":
        return "token_embd.weight"
    if hf == "model.norm.weight":
        return "output_norm.weight"
    _, _, block, rest = hf.split(".", 3)
    return f"blk.{block}.{HF_TO_GGUF[rest]}"


def unpermute(weight, heads):
    """Inverse of tiny_llama.permute_for_interleaved_rope."""
    hd = weight.shape[0] // heads
    return weight.reshape(heads, hd // 2, 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def write_gguf(path: Path, cfg: tl.TinyConfig, hf: dict, qtype) -> dict:
    """Writes the GGUF; returns the HF-layout weights as the file holds them (dequantized, un-permuted)."""
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny-llama")
    writer.add_block_count(cfg.blocks)
    writer.add_context_length(cfg.context)
    writer.add_embedding_length(cfg.dim)
    writer.add_feed_forward_length(cfg.ffn)
    writer.add_head_count(cfg.heads)
    writer.add_head_count_kv(cfg.kv_heads)
    writer.add_key_length(cfg.head_dim)
    writer.add_value_length(cfg.head_dim)
    writer.add_rope_dimension_count(cfg.head_dim)
    writer.add_rope_freq_base(cfg.rope_theta)
    writer.add_layer_norm_rms_eps(cfg.norm_eps)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(cfg.vocab - 3)])
    writer.add_token_scores([0.0] * cfg.vocab)
    writer.add_token_types([gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
                           + [gguf.TokenType.BYTE] * (cfg.vocab - 3))
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    as_stored = {}
    for name, weight in hf.items():
        if name.endswith("q_proj.weight"):
            weight = tl.permute_for_interleaved_rope(weight, cfg.heads)
        elif name.endswith("k_proj.weight"):
            weight = tl.permute_for_interleaved_rope(weight, cfg.kv_heads)
        wtype = qtype if weight.ndim == 2 else gguf.GGMLQuantizationType.F32
        data = gguf.quants.quantize(weight, wtype)
        writer.add_tensor(gguf_name(name), data, raw_dtype=wtype)
        stored = gguf.quants.dequantize(data, wtype).reshape(weight.shape).astype(np.float32)
        if name.endswith("q_proj.weight"):
            stored = unpermute(stored, cfg.heads)
        elif name.endswith("k_proj.weight"):
            stored = unpermute(stored, cfg.kv_heads)
        as_stored[name] = stored
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return as_stored


def llama_cpp_logits(path: Path, cfg: tl.TinyConfig, tokens) -> np.ndarray:
    from llama_cpp import Llama
    llm = Llama(model_path=str(path), n_ctx=cfg.context, n_batch=cfg.context, n_ubatch=cfg.context, n_threads=1,
                n_threads_batch=1, logits_all=True, type_k=0, type_v=0, flash_attn=False, n_gpu_layers=0,
                verbose=False)
    llm.eval(tokens)
    logits = np.array(llm.scores[: len(tokens)], dtype=np.float64)
    llm.close()
    return logits


def quantize_with_llama_cpp(source: Path, path: Path, cfg: tl.TinyConfig) -> dict:
    """Q8_0 GGUF written by llama.cpp's own quantizer (an independent GGUF writer); returns the HF-layout weights
    it holds, dequantized and un-permuted."""
    import ctypes
    import llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0
    params.nthread = 1
    assert llama_cpp.llama_model_quantize(str(source).encode(), str(path).encode(), ctypes.byref(params)) == 0
    hf_names = {gguf_name(name): name for name in tl.random_weights(cfg, SEED)}
    stored = {}
    for tensor in gguf.GGUFReader(str(path)).tensors:
        shape = tuple(int(d) for d in reversed(tensor.shape))
        weight = gguf.quants.dequantize(np.array(tensor.data), tensor.tensor_type).reshape(shape).astype(np.float32)
        name = hf_names[tensor.name]
        if name.endswith("q_proj.weight"):
            weight = unpermute(weight, cfg.heads)
        elif name.endswith("k_proj.weight"):
            weight = unpermute(weight, cfg.kv_heads)
        stored[name] = weight
    return stored


def write_record(path: Path, label: str, cfg: tl.TinyConfig, stored: dict, exact: np.ndarray, writer: str):
    import llama_cpp
    reference = tl.forward(cfg, stored, TOKENS)
    logits = llama_cpp_logits(path, cfg, TOKENS)
    spread = float(np.max(np.abs(logits - reference)))
    if label == "f32":
        assert spread <= 1e-4, f"NumPy reference and llama.cpp disagree on F32: {spread}"
        tolerance = 1e-4
    else:
        tolerance = max(1e-4, 2 * spread)
    record = {
        "schemaVersion": 1,
        "generator": "scripts/make_gguf_fixtures.py",
        "writer": writer,
        "oracle": f"llama.cpp via llama-cpp-python {llama_cpp.__version__} (CPU, 1 thread, f32 KV cache)",
        "llamaCppSystemInfo": llama_cpp.llama_print_system_info().decode().strip(),
        "file": path.name,
        "type": label,
        "seed": SEED,
        "config": {"blocks": cfg.blocks, "dim": cfg.dim, "heads": cfg.heads, "kvHeads": cfg.kv_heads,
                   "headDim": cfg.head_dim, "ffnHidden": cfg.ffn, "vocab": cfg.vocab, "context": cfg.context,
                   "ropeTheta": cfg.rope_theta, "normEps": cfg.norm_eps, "tied": cfg.tied},
        "tokens": TOKENS,
        "logits": tl.logits_json(logits),
        "referenceLogits": tl.logits_json(reference),
        "llamaCppVsReferenceMaxAbsDiff": spread,
        "quantizationMaxAbsDiff": float(np.max(np.abs(reference - exact))),
        "tolerance": tolerance,
    }
    json_path = path.with_suffix(".logits.json")
    json_path.write_text(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"{path.name}: {path.stat().st_size} bytes, llama.cpp vs NumPy max |diff| {spread:.3g}, "
          f"tolerance {tolerance:.3g}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cfg = tl.TinyConfig()
    hf = tl.random_weights(cfg, SEED)
    exact = tl.forward(cfg, hf, TOKENS)
    for label, qtype in TYPES.items():
        path = OUT / f"tiny-llama-{label}.gguf"
        stored = write_gguf(path, cfg, hf, qtype)
        write_record(path, label, cfg, stored, exact, f"gguf-py {version('gguf')} GGUFWriter")
    path = OUT / "tiny-llama-q8_0-llamacpp.gguf"
    stored = quantize_with_llama_cpp(OUT / "tiny-llama-f32.gguf", path, cfg)
    write_record(path, "q8_0", cfg, stored, exact, "llama.cpp llama_model_quantize (from tiny-llama-f32.gguf)")


if __name__ == "__main__":
    main()
