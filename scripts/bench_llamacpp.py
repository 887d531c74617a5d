#!/usr/bin/env python3
"""Times llama.cpp (llama-cpp-python) prefill and decode on a GGUF, the way `edgeprof run` times EdgeRuntime:
one eval of P prompt tokens, then N single-token evals (greedy, F16 KV cache).

Usage: python3 scripts/bench_llamacpp.py MODEL.gguf THREADS [P=16] [N=64]
Prints one JSON line: prefill tokens/s, decode tokens/s (N steps), mean/p50/p90 ms.
"""
import json
import sys
import time
import numpy as np
import llama_cpp


def main():
    path, threads = sys.argv[1], int(sys.argv[2])
    p = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    llm = llama_cpp.Llama(model_path=path, n_threads=threads, n_threads_batch=threads, n_ctx=256, n_batch=max(p, 8),
                          verbose=False, logits_all=False)
    prompt = [1] + [(i * 2654435761 >> 7) % 32000 for i in range(1, p)]
    llm.reset()
    t0 = time.perf_counter()
    llm.eval(prompt)
    prefill = time.perf_counter() - t0
    def last_logits():
        ptr = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
        return np.ctypeslib.as_array(ptr, shape=(llm.n_vocab(),))

    token = int(np.argmax(last_logits()))
    steps = []
    for _ in range(n):
        t = time.perf_counter()
        llm.eval([token])
        token = int(np.argmax(last_logits()))
        steps.append(time.perf_counter() - t)
    s = sorted(steps)
    print(json.dumps(dict(model=path, threads=threads, prefillTokens=p, prefillTokensPerSecond=p / prefill,
                          decodeSteps=n, decodeTokensPerSecond=n / sum(steps),
                          meanMs=1000 * sum(steps) / n, p50Ms=1000 * s[n // 2 - 1], p90Ms=1000 * s[int(0.9 * n) - 1])))


if __name__ == "__main__":
    main()
