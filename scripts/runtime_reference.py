#!/usr/bin/env python3
"""Independent NumPy reference for the EdgeRuntime forward pass.

Re-implements RandomWeights (SplitMix64 streams keyed by FNV-1a of the tensor name) and a float64 LLaMA forward
pass (RMSNorm, HF rotate-half RoPE, optional weightless QK-norm, GQA causal attention, SwiGLU, tied LM head,
sharing schedules), and writes the logits of every prompt position for a few tiny configs to
Tests/Fixtures/runtime/reference_logits.json.

Usage: python3 scripts/runtime_reference.py
"""
import json
import os
import numpy as np

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = np.asarray(z, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def key(seed, name):
    h = 0xCBF29CE484222325
    for b in name.encode():
        h = ((h ^ b) * 0x100000001B3) & MASK
    return int(mix(np.uint64(h) ^ mix(np.uint64(seed))))


def tensor(seed, name, rows, cols, vector):
    k = np.uint64(key(seed, name))
    idx = np.arange(rows * cols, dtype=np.uint64)
    with np.errstate(over="ignore"):
        bits = mix(k + idx * np.uint64(GAMMA))
    unit = (bits >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -23) - np.float32(1)
    if vector:
        center, half = np.float32(1), np.float32(0.1)
    else:
        center, half = np.float32(0), np.sqrt(np.float32(3) / np.float32(cols))
    return (center + half * unit).astype(np.float32).reshape(rows, cols).astype(np.float64)


def schedule(blocks, sharing, repeats):
    if sharing == "none":
        return list(range(blocks))
    if sharing == "immediate":
        return [b for b in range(blocks) for _ in range(repeats)]
    if sharing == "repeat-all-over":
        return [b for _ in range(repeats) for b in range(blocks)]
    out = []
    for p in range(repeats):
        out += list(range(blocks)) if p % 2 == 0 else list(reversed(range(blocks)))
    return out


def rms(x, eps, w=None):
    y = x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return y * w if w is not None else y


def rope(v, positions, theta, hd):
    half = hd // 2
    freq = 1.0 / theta ** (np.arange(half) * 2.0 / hd)
    ang = positions[:, None] * freq[None, :]
    c, s = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    a, b = v[..., :half], v[..., half:]
    return np.concatenate([a * c - b * s, b * c + a * s], axis=-1)


def forward(cfg, seed, tokens):
    d, H, KV, hd, f, V = cfg["dim"], cfg["heads"], cfg["kvHeads"], cfg["headDim"], cfg["ffnHidden"], cfg["vocab"]
    eps, theta = cfg["normEps"], cfg["ropeTheta"]
    W = lambda n, r, c, vec=False: tensor(seed, n, r, c, vec)
    emb = W("token_embd.weight", V, d)
    x = emb[tokens]
    T = len(tokens)
    pos = np.arange(T, dtype=np.float64)
    for b in schedule(cfg["blocks"], cfg["sharing"], cfg["repeats"]):
        p = f"blk.{b}."
        xn = rms(x, eps, W(p + "attn_norm.weight", 1, d, True)[0])
        q = (xn @ W(p + "attn_q.weight", H * hd, d).T).reshape(T, H, hd)
        k = (xn @ W(p + "attn_k.weight", KV * hd, d).T).reshape(T, KV, hd)
        v = (xn @ W(p + "attn_v.weight", KV * hd, d).T).reshape(T, KV, hd)
        q, k = rope(q, pos, theta, hd), rope(k, pos, theta, hd)
        if cfg["qkNorm"]:
            q, k = rms(q, eps), rms(k, eps)
        att = np.zeros((T, H, hd))
        g = H // KV
        for h in range(H):
            s = q[:, h, :] @ k[:, h // g, :].T / np.sqrt(hd)
            s = s + np.triu(np.full((T, T), -np.inf), 1)
            s = np.exp(s - s.max(axis=1, keepdims=True))
            s /= s.sum(axis=1, keepdims=True)
            att[:, h, :] = s @ v[:, h // g, :]
        x = x + att.reshape(T, H * hd) @ W(p + "attn_output.weight", d, H * hd).T
        xn = rms(x, eps, W(p + "ffn_norm.weight", 1, d, True)[0])
        gate = xn @ W(p + "ffn_gate.weight", f, d).T
        up = xn @ W(p + "ffn_up.weight", f, d).T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ W(p + "ffn_down.weight", d, f).T
    xn = rms(x, eps, W("output_norm.weight", 1, d, True)[0])
    return xn @ emb.T


def main():
    base = dict(blocks=2, dim=64, heads=4, kvHeads=2, headDim=16, ffnHidden=96, vocab=50, ropeTheta=10000.0,
                normEps=1e-5, qkNorm=False, sharing="none", repeats=1)
    cases = [
        dict(name="plain", seed=7, config=base),
        dict(name="qknorm-immediate", seed=9, config=dict(base, qkNorm=True, sharing="immediate", repeats=2)),
        dict(name="reverse-x3", seed=13, config=dict(base, sharing="reverse", repeats=3, ropeTheta=500.0)),
    ]
    tokens = [1, 7, 42, 3, 19, 25, 8, 49]
    out = {"script": "scripts/runtime_reference.py", "tokens": tokens, "cases": []}
    for case in cases:
        logits = forward(case["config"], case["seed"], np.array(tokens))
        out["cases"].append(dict(case, logits=[[float(f"{v:.7g}") for v in row] for row in logits]))
    path = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "runtime", "reference_logits.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
