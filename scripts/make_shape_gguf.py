#!/usr/bin/env python3
"""Writes a llama-architecture GGUF of a MobileLLM shape with random weights, for timing llama.cpp side by side
with `edgeprof run` (speed does not depend on weight values).

Usage: python3 scripts/make_shape_gguf.py {125m|350m} {F32|F16|Q8_0|Q4_0} OUT.gguf
(Q4_0 quantizes every matrix, the tied embedding included.)
"""
import sys
import numpy as np
import gguf

SHAPES = {  # blocks, dim, heads, kv heads, ffn (head dim 64, vocab 32000, context 2048, tied embeddings)
    "125m": (30, 576, 9, 3, 1536),
    "350m": (32, 960, 15, 5, 2560),
}


def main():
    shape, kind, out = sys.argv[1], sys.argv[2], sys.argv[3]
    blocks, dim, heads, kv, ffn = SHAPES[shape]
    hd, vocab = 64, 32000
    qtype = {"F32": gguf.GGMLQuantizationType.F32, "F16": gguf.GGMLQuantizationType.F16,
             "Q8_0": gguf.GGMLQuantizationType.Q8_0, "Q4_0": gguf.GGMLQuantizationType.Q4_0}[kind]
    w = gguf.GGUFWriter(out, "llama")
    w.add_context_length(2048)
    w.add_embedding_length(dim)
    w.add_block_count(blocks)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(kv)
    w.add_rope_dimension_count(hd)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_file_type({"F32": 0, "F16": 1, "Q8_0": 7, "Q4_0": 2}[kind])
    w.add_tokenizer_model("llama")
    w.add_token_list([f"<t{i}>".encode() for i in range(vocab)])
    w.add_token_scores([0.0] * vocab)
    w.add_token_types([1] * vocab)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    rng = np.random.default_rng(0)

    def matrix(name, rows, cols):
        data = ((rng.random((rows, cols), dtype=np.float32) * 2 - 1) * np.sqrt(3 / cols)).astype(np.float32)
        if qtype == gguf.GGMLQuantizationType.F32:
            w.add_tensor(name, data)
        elif qtype == gguf.GGMLQuantizationType.F16:
            w.add_tensor(name, data.astype(np.float16))
        else:
            w.add_tensor(name, gguf.quants.quantize(data, qtype), raw_dtype=qtype)

    def vector(name, n):
        w.add_tensor(name, (1 + 0.1 * (rng.random(n, dtype=np.float32) * 2 - 1)).astype(np.float32))

    matrix("token_embd.weight", vocab, dim)
    for b in range(blocks):
        p = f"blk.{b}."
        vector(p + "attn_norm.weight", dim)
        matrix(p + "attn_q.weight", heads * hd, dim)
        matrix(p + "attn_k.weight", kv * hd, dim)
        matrix(p + "attn_v.weight", kv * hd, dim)
        matrix(p + "attn_output.weight", dim, heads * hd)
        vector(p + "ffn_norm.weight", dim)
        matrix(p + "ffn_gate.weight", ffn, dim)
        matrix(p + "ffn_up.weight", ffn, dim)
        matrix(p + "ffn_down.weight", dim, ffn)
    vector("output_norm.weight", dim)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
