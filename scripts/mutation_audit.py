#!/usr/bin/env python3
"""Black-box mutation audit of the release `edgeprof` CLI (issue 10).

Mutates every input kind the CLI reads with a fixed seed, runs the binary on each mutant with a timeout and
classifies the outcome:

  hang          the run did not finish within --timeout seconds, nor within 5x that when retried
  crash         killed by a signal, exit >= 128, or 'Fatal error' on stderr
  bad-exit      an exit code other than 0 (ok), 1 (failed check), 2 (bad input), 3 (environment)
  inconsistent  exit 0 but the JSON output is unparsable or its totals disagree with each other
                (inspect: weight bytes = sum of tensor bytes = sum of rows x row bytes; simulate: per-level bytes vs
                totals; replay: hits + misses = accesses per level; nothing negative, NaN or infinite)

It prints a summary per input kind and keeps a reproducer of every finding under --out (the mutated input files,
the command line and the output). Not run by CI: `nice -n 10 python3 scripts/mutation_audit.py --executions 25000`
after `swift build -c release`.
"""
import argparse
import collections
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "Fixtures")

BOUNDARY_INTS = [0, 1, -1, 2, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1023, 1024, 4095, 4096, 65535, 65536,
                 2**31 - 1, 2**31, -2**31, 2**32 - 1, 2**32, 2**40, 2**50, 2**53, 2**53 + 1, 2**62, 2**63 - 1, 2**63,
                 -2**63, 2**64 - 1, 2**64, 10**30]
BOUNDARY_TEXT = ["0", "-0", "1", "-1", "0.5", "1e308", "1e309", "-1e309", "1e-320", "NaN", "nan", "inf", "Infinity",
                 "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551615",
                 "18446744073709551616", "4294967296", "2147483648", "0x10", "1_000", "", " ", "1,", ",1", "1.0",
                 "\u0661", "+1", "00000000000000000000001"]
NUMBER = re.compile(rb"-?\d+(\.\d+)?([eE][-+]?\d+)?")
KEY_LINE = re.compile(rb'\n[ \t]*"[^"\n]+"[ \t]*:[^\n]*')


class Mutator:
    """Seeded byte- and text-level mutations: bit flips, byte insert/delete, splices, boundary integers (binary
    little-endian and decimal), duplicated JSON keys and very long strings."""

    def __init__(self, rng):
        self.rng = rng

    def mutate(self, data, others, text=False):
        """One to four mutations; a text input (JSON, trace) favours the number, key and string mutations, so
        more mutants stay parseable and reach the checks behind the parser."""
        for _ in range(self.rng.choice([1, 1, 1, 1, 2, 2, 4])):
            op = self.rng.choice(self.TEXT_OPS if text else self.OPS)
            data = op(self, bytearray(data), others)
        return bytes(data)

    def _pos(self, data, extra=0):
        return self.rng.randrange(len(data) + extra) if len(data) + extra > 0 else 0

    def bit_flip(self, d, _):
        if d:
            i = self._pos(d)
            d[i] ^= 1 << self.rng.randrange(8)
        return d

    def byte_set(self, d, _):
        if d:
            d[self._pos(d)] = self.rng.choice([0, 1, 0x7f, 0x80, 0xff, self.rng.randrange(256)])
        return d

    def insert(self, d, _):
        i = self._pos(d, 1)
        n = self.rng.choice([1, 1, 2, 4, 8, 64, 1024])
        d[i:i] = bytes(self.rng.randrange(256) for _ in range(n)) if n < 64 else bytes([self.rng.randrange(256)]) * n
        return d

    def delete(self, d, _):
        if d:
            i = self._pos(d)
            del d[i:i + self.rng.choice([1, 1, 2, 4, 8, 16, 256])]
        return d

    def duplicate(self, d, _):
        if d:
            i = self._pos(d)
            chunk = d[i:i + self.rng.choice([1, 4, 16, 64, 512])]
            j = self._pos(d, 1)
            d[j:j] = chunk
        return d

    def splice(self, d, others):
        if not others:
            return d
        o = self.rng.choice(others)
        if not o or not d:
            return d
        i, j = self._pos(d), self._pos(o)
        return d[:i] + o[j:j + self.rng.choice([8, 64, 512, 4096])] + d[i + self.rng.choice([0, 8, 64, 512]):]

    def truncate(self, d, _):
        return d[:self._pos(d, 1)]

    def binary_int(self, d, _):
        width = self.rng.choice([1, 2, 4, 8])
        if len(d) >= width:
            i = self.rng.randrange(len(d) - width + 1)
            v = self.rng.choice(BOUNDARY_INTS) % (1 << (8 * width))
            d[i:i + width] = v.to_bytes(width, "little")
        return d

    def text_number(self, d, _):
        matches = list(NUMBER.finditer(bytes(d)))
        if not matches:
            return self.insert(d, _)
        m = self.rng.choice(matches)
        value = self.rng.choice([str(v) for v in BOUNDARY_INTS] + BOUNDARY_TEXT).encode()
        return d[:m.start()] + value + d[m.end():]

    def duplicate_key(self, d, _):
        lines = list(KEY_LINE.finditer(bytes(d)))
        if not lines:
            return self.duplicate(d, _)
        a, b = self.rng.choice(lines), self.rng.choice(lines)
        line = a.group(0)
        if not line.rstrip().endswith(b","):
            line = line.rstrip() + b","
        return d[:b.start()] + line + d[b.start():]

    def long_string(self, d, _):
        strings = list(re.finditer(rb'"[^"\\\n]{1,40}"', bytes(d)))
        if not strings:
            return self.insert(d, _)
        m = self.rng.choice(strings)
        return d[:m.start() + 1] + b"x" * self.rng.choice([300, 30_000]) + d[m.end() - 1:]

    OPS = [bit_flip, byte_set, insert, delete, duplicate, splice, truncate, binary_int, binary_int, text_number,
           text_number, duplicate_key, long_string]
    TEXT_OPS = [text_number, text_number, text_number, text_number, duplicate_key, duplicate_key, long_string,
                bit_flip, delete, duplicate, splice]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------------------------------------------
# Consistency of exit-0 JSON outputs.

NON_NEGATIVE = re.compile(r"(bytes|Bytes|hits|misses|accesses|flops|Flops|count|Count|seconds|Seconds|joules|Joules|"
                          r"latency|Latency|parameters|tokens|Tokens|layers|Layers|size|Size|energy|Energy|traffic)")


def walk(value, path, problems):
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if isinstance(v, float) and not math.isfinite(v):
                    problems.append(f"{path}.{k} = {v}")
                elif v < 0 and NON_NEGATIVE.search(k):
                    problems.append(f"{path}.{k} = {v} is negative")
            walk(v, f"{path}.{k}", problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, f"{path}[{i}]", problems)


def row_bytes(precision, columns):
    if precision in ("f32",):
        return columns * 4
    if precision in ("f16", "bf16"):
        return columns * 2
    if precision == "int8-pc":
        return columns + 4
    m = re.fullmatch(r"int8(?:-b(\d+))?", precision)
    if m:
        block = int(m.group(1) or 32)
        return columns + -(-columns // block) * 2
    m = re.fullmatch(r"int4(?:-g(\d+))?", precision)
    if m:
        group = int(m.group(1) or 32)
        return -(-columns // 2) + -(-columns // group) * 2
    return None


def check_inspect(doc, problems):
    """Weight bytes = sum over tensors of rows x row bytes (recomputed from the precision's block layout),
    parameters = sum of rows x columns, KV bytes at context = per token x context."""
    tensors, totals, config = doc.get("tensors", []), doc.get("totals", {}), doc.get("config", {})
    weight, parameters = 0, 0
    for t in tensors:
        rows, columns = t.get("rows", 0), t.get("columns", 0)
        per_row = row_bytes(t.get("precision", ""), columns)
        if per_row is None:
            problems.append(f"tensor {t.get('name')}: unknown precision {t.get('precision')}")
            return
        weight += rows * per_row
        parameters += rows * columns
    if totals.get("weightBytes") != weight:
        problems.append(f"totals.weightBytes {totals.get('weightBytes')} != sum of rows x row bytes {weight}")
    if totals.get("parameters") != parameters:
        problems.append(f"totals.parameters {totals.get('parameters')} != sum of rows x columns {parameters}")
    if isinstance(config.get("context"), int) and \
            totals.get("kvBytesAtContext") != totals.get("kvBytesPerToken", 0) * config["context"]:
        problems.append("kvBytesAtContext != kvBytesPerToken x context")


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check_simulate(doc, problems):
    """Per report and phase: per-level bytes, FLOPs and seconds equal the sums over the per-op rows; the memory
    peak is weights + KV cache + activations; per-token figures are the decode totals over its tokens."""
    for r, report in enumerate(doc.get("reports", [])):
        for key in ("prefill", "decode"):
            phase = report.get(key, {})
            ops = phase.get("perOp", [])
            for level, value in phase.get("bytes", {}).items():
                total = sum(op.get("bytes", {}).get(level, 0) for op in ops)
                if total != value:
                    problems.append(f"reports[{r}].{key}.bytes[{level}] {value} != sum over ops {total}")
            if "flops" in phase and phase["flops"] != sum(op.get("flops", 0) for op in ops):
                problems.append(f"reports[{r}].{key}.flops != sum over ops")
            if "seconds" in phase and not close(phase["seconds"], sum(op.get("seconds", 0) for op in ops)):
                problems.append(f"reports[{r}].{key}.seconds {phase['seconds']} != sum over ops")
        memory = report.get("memory", {})
        if {"peakBytes", "weightBytes", "kvCacheBytes", "activationBytes"} <= memory.keys():
            if memory["peakBytes"] != memory["weightBytes"] + memory["kvCacheBytes"] + memory["activationBytes"]:
                problems.append(f"reports[{r}].memory.peakBytes != weights + KV + activations")
        decode = report.get("decode", {})
        tokens = decode.get("tokens")
        if tokens and "dramBytesPerDecodeToken" in report:
            dram = decode.get("bytes", {}).get("DRAM", 0) + decode.get("bytes", {}).get("DRAM writeback", 0)
            if abs(report["dramBytesPerDecodeToken"] - dram / tokens) > 1:
                problems.append(f"reports[{r}].dramBytesPerDecodeToken {report['dramBytesPerDecodeToken']} != "
                                f"{dram} / {tokens}")
        energy = report.get("energyPerDecodeToken")
        if isinstance(energy, dict) and "joulesPerDecodeToken" in report:
            if not close(report["joulesPerDecodeToken"], sum(energy.values())):
                problems.append(f"reports[{r}].joulesPerDecodeToken != sum of energyPerDecodeToken")


def check_replay(doc, problems):
    stats = doc.get("statistics", {})
    levels = stats.get("levels", [])
    # Each access touches at least one line of the first level (one per line it spans).
    if levels and stats.get("accesses", 0) > levels[0].get("hits", 0) + levels[0].get("misses", 0):
        problems.append(f"statistics.accesses {stats.get('accesses')} > first level hits + misses")
    if len(levels) != len(doc.get("levels", [])):
        problems.append("statistics has a different number of levels than the hierarchy")


CHECKS = {"inspect": check_inspect, "simulate": check_simulate, "replay": check_replay}


def consistency(argv, stdout):
    """Problems of an exit-0 run's output (empty when consistent)."""
    problems = []
    if "json" not in argv or "--output" in argv:
        return problems
    try:
        doc = json.loads(stdout, parse_constant=lambda c: float(c.replace("Infinity", "inf")))
    except ValueError as e:
        return [f"unparsable JSON: {e}"]
    walk(doc, "$", problems)
    check = CHECKS.get(argv[0])
    if check:
        check(doc, problems)
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Input kinds: each yields (files to write: {name: bytes}, argv) for one execution from mutated bytes.

class Kind:
    def __init__(self, name, seeds, commands, layout=None):
        self.name, self.seeds, self.commands, self.layout = name, seeds, commands, layout or (lambda w: None)


def fixture(*parts):
    return os.path.join(FIX, *parts)


def profile_id(data):
    """The profile's id (its file must be named after it), or 'x'."""
    m = re.search(rb'"id"\s*:\s*"([A-Za-z0-9_.-]{1,64})"', data)
    return m.group(1).decode() if m else "x"


def build_kinds(work):
    dev = "iphone13"
    trace = fixture("cachesim", "strided.trace")
    gguf = fixture("gguf", "tiny-llama-q8_0.gguf")
    kinds = []

    def copy_tree(src, name):
        def layout(w):
            dst = os.path.join(w, name)
            if not os.path.exists(dst):
                shutil.copytree(src, dst)
        return layout

    ggufs = sorted(fixture("gguf", f) for f in os.listdir(fixture("gguf")) if f.endswith(".gguf"))
    kinds.append(Kind("gguf", ggufs, [
        lambda m: ({"m.gguf": m}, ["logits", "--weights", "{w}/m.gguf", "--tokens", "1,2", "--threads", "1", "--format", "json"]),
        lambda m: ({"m.gguf": m}, ["run", "--weights", "{w}/m.gguf", "--prompt-tokens", "1,2", "--tokens", "2",
                                   "--threads", "1", "--format", "json"]),
    ]))

    st_dirs = ["mobilellm-ls-tiny", "tiny-llama-bf16"]
    kinds.append(Kind("safetensors", [fixture("safetensors", d, "model.safetensors") for d in st_dirs], [
        lambda m, d=d: ({f"st-{d}/model.safetensors": m},
                        ["logits", "--weights", "{w}/st-" + d, "--tokens", "1,2", "--threads", "1", "--format", "json"])
        for d in st_dirs
    ], layout=lambda w: [copy_tree(fixture("safetensors", d), "st-" + d)(w) for d in st_dirs]))
    # The seed list pairs with the command list: a mutant of seed i runs command i (its own config beside it).
    kinds[-1].paired = True

    kinds.append(Kind("safetensors-index", [fixture("safetensors", "tiny-llama-sharded", "model.safetensors.index.json")], [
        lambda m: ({"sharded/model.safetensors.index.json": m},
                   ["logits", "--weights", "{w}/sharded", "--tokens", "1,2", "--threads", "1", "--format", "json"]),
    ], layout=copy_tree(fixture("safetensors", "tiny-llama-sharded"), "sharded")))

    configs = [fixture("configs", d, "config.json") for d in ("mobilellm-125m", "mobilellm-350m", "mobilellm-r1-140m")]
    configs += [fixture("safetensors", d, "config.json") for d in ("mobilellm-ls-tiny", "tiny-llama-bf16")]
    kinds.append(Kind("hf-config", configs, [
        lambda m: ({"config.json": m}, ["inspect", "{w}/config.json", "--format", "json"]),
        lambda m: ({"config.json": m}, ["inspect", "{w}/config.json", "--precision", "int4-g64", "--format", "json"]),
        lambda m: ({"config.json": m}, ["simulate", "--model", "{w}/config.json", "--device", dev, "--prompt", "8",
                                        "--tokens", "2", "--format", "json"]),
        lambda m: ({"config.json": m}, ["whatif", "--models", "{w}/config.json", "--device", dev, "--context", "16",
                                        "--format", "json"]),
        lambda m: ({"config.json": m}, ["inspect", "{w}/config.json"]),
    ]))

    profiles = sorted(os.path.join(ROOT, "DeviceProfiles", f) for f in os.listdir(os.path.join(ROOT, "DeviceProfiles"))
                      if f.endswith(".json"))
    profiles += [fixture("profiles", f) for f in ("valid.json", "pycachesim-three-level.json", "pycachesim-anchor.json")]
    kinds.append(Kind("profile", profiles, [
        lambda m: ({"p.json": m}, ["simulate", "--model", "mobilellm-125m", "--device", "{w}/p.json", "--prompt", "8",
                                   "--tokens", "2", "--format", "json"]),
        lambda m: ({"p.json": m}, ["replay", "--trace", trace, "--hierarchy", "{w}/p.json", "--format", "json"]),
        lambda m: ({"p.json": m}, ["replay", "--trace", trace, "--hierarchy", "{w}/p.json"]),
        lambda m: ({"p.json": m}, ["simulate", "--model", "mobilellm-125m", "--device", "{w}/p.json", "--prompt", "8",
                                   "--tokens", "2"]),
        lambda m: ({"p.json": m}, ["whatif", "--device", "{w}/p.json", "--format", "json"]),
        lambda m: ({f"profiles/{profile_id(m)}.json": m}, ["devices", "list", "--profiles-dir", "{w}/profiles"]),
    ]))

    traces = sorted(fixture("cachesim", f) for f in os.listdir(fixture("cachesim")) if f.endswith(".trace"))
    kinds.append(Kind("trace", traces, [
        lambda m: ({"t.trace": m}, ["replay", "--trace", "{w}/t.trace", "--hierarchy", dev, "--format", "json"]),
        lambda m: ({"t.trace": m}, ["replay", "--trace", "{w}/t.trace", "--hierarchy", dev, "--policy", "random",
                                    "--format", "json"]),
    ]))

    # A two-case deterministic suite on the small bench model (the default suite takes too long per run).
    suite = json.load(open(os.path.join(ROOT, "Benchmarks", "suite.json")))
    small = dict(suite, cases=[c for c in suite["cases"] if "bench-small" in c["model"] and not c.get("measure")]
                 + [suite["cases"][0]])
    small_path = os.path.join(work, "seeds", "suite.json")
    os.makedirs(os.path.dirname(small_path), exist_ok=True)
    write(small_path, json.dumps(small, indent=2, sort_keys=True).encode())
    bench_layout = copy_tree(os.path.join(ROOT, "Benchmarks", "models"), "models")
    kinds.append(Kind("bench-suite", [small_path], [
        lambda m: ({"suite.json": m}, ["bench", "--suite", "{w}/suite.json", "--mode", "deterministic"]),
    ], layout=bench_layout))

    results = [os.path.join(ROOT, "Benchmarks", "baseline.json")]
    kinds.append(Kind("bench-result", results, [
        lambda m: ({"current.json": m}, ["gate", "--baseline", results[0], "--current", "{w}/current.json",
                                         "--format", "json"]),
        lambda m: ({"baseline.json": m}, ["gate", "--baseline", "{w}/baseline.json", "--current", results[0],
                                          "--format", "json"]),
    ]))
    kinds.append(Kind("bench-shard", [os.path.join(work, "seeds", "shard1.json")], [
        lambda m: ({"shard1.json": m}, ["merge", "{w}/shard1.json", os.path.join(work, "seeds", "shard2.json"),
                                        "--output", "{w}/merged.json"]),
    ]))

    kinds.append(Kind("cli-args", [], []))  # filled by cli_kind
    return kinds


CLI_TEMPLATES = [
    # (seed values, argv with {v} for the mutated value)
    (["int8-b16", "int4-g64", "int8-b1048576", "int4", "f16", "int8-pc"],
     ["inspect", "mobilellm-125m", "--precision", "{v}", "--format", "json"]),
    (["int8-b16", "int4-g64", "int8-b1048576", "bf16"],
     ["simulate", "--model", "mobilellm-125m", "--device", "iphone13", "--precision", "{v}", "--prompt", "8",
      "--tokens", "2", "--format", "json"]),
    (["f16", "f32"], ["inspect", "mobilellm-125m", "--kv-precision", "{v}", "--format", "json"]),
    (["64", "1", "2048"], ["inspect", "mobilellm-125m", "--prompt", "{v}", "--format", "json"]),
    (["10", "0"], ["inspect", "mobilellm-125m", "--position", "{v}", "--format", "json"]),
    (["2", "3"], ["inspect", "mobilellm-125m", "--strategy", "immediate", "--repeats", "{v}", "--format", "json"]),
    (["8", "64"], ["simulate", "--model", "mobilellm-125m", "--device", "iphone13", "--prompt", "{v}", "--tokens", "2",
                   "--format", "json"]),
    (["2", "16"], ["simulate", "--model", "mobilellm-125m", "--device", "iphone13", "--prompt", "8", "--tokens", "{v}",
                   "--format", "json"]),
    (["0", "42"], ["replay", "--trace", fixture("cachesim", "strided.trace"), "--hierarchy", "iphone13", "--policy",
                   "random", "--seed", "{v}", "--format", "json"]),
    (["600MB", "1.5GiB", "25%"], ["whatif", "--device", "iphone13", "--budget", "{v}", "--format", "json"]),
    (["6GB", "8GiB"], ["whatif", "--device", "iphone13", "--dram", "{v}", "--format", "json"]),
    (["2048", "512"], ["whatif", "--device", "iphone13", "--context", "{v}", "--format", "json"]),
    (["100MB", "0.1GB"], ["whatif", "--device", "iphone13", "--runtime-overhead", "{v}", "--format", "json"]),
    (["int8,int4", "f16,int4-g64"], ["whatif", "--device", "iphone13", "--precisions", "{v}", "--format", "json"]),
    (["1,2", "5,9,1", "0"], ["logits", "--weights", fixture("gguf", "tiny-llama-q8_0.gguf"), "--tokens", "{v}",
                             "--threads", "1", "--format", "json"]),
    (["1", "2", "4"], ["logits", "--weights", fixture("gguf", "tiny-llama-q8_0.gguf"), "--tokens", "1,2", "--threads",
                       "{v}", "--format", "json"]),
    (["2", "4"], ["run", "--weights", fixture("gguf", "tiny-llama-q8_0.gguf"), "--prompt-tokens", "1,2", "--tokens",
                  "{v}", "--threads", "1", "--format", "json"]),
    (["4", "16"], ["run", "--weights", fixture("gguf", "tiny-llama-q8_0.gguf"), "--prompt-length", "{v}", "--tokens",
                   "2", "--threads", "1", "--format", "json"]),
    (["0.7", "0", "1.5"], ["run", "--weights", fixture("gguf", "tiny-llama-q8_0.gguf"), "--prompt-tokens", "1,2",
                           "--tokens", "3", "--temperature", "{v}", "--threads", "1", "--format", "json"]),
    (["0.9", "1", "0.5"], ["run", "--weights", fixture("gguf", "tiny-llama-q8_0.gguf"), "--prompt-tokens", "1,2",
                           "--tokens", "3", "--temperature", "0.7", "--top-p", "{v}", "--threads", "1", "--format",
                           "json"]),
    (["1/2", "2/2", "3/4"], ["bench", "--suite", "{suite}", "--mode", "deterministic", "--shard", "{v}"]),
    (["measured.decodeTokensPerSecond=5", "measured.loadSeconds=25"], ["gate", "--baseline", os.path.join(ROOT, "Benchmarks", "baseline.json"),
                                      "--current", os.path.join(ROOT, "Benchmarks", "baseline.json"), "--threshold",
                                      "{v}", "--format", "json"]),
]


def mutate_value(rng, mutator, seed):
    r = rng.random()
    if r < 0.35:
        return rng.choice([str(v) for v in BOUNDARY_INTS] + BOUNDARY_TEXT)
    if r < 0.55:  # a boundary integer spliced into the spelling (int8-b<N>, <N>%, <N>/<M>, ...)
        return NUMBER.sub(lambda _: str(rng.choice(BOUNDARY_INTS)).encode(), seed.encode(), count=1).decode("utf-8", "replace")
    return mutator.mutate(seed.encode(), []).decode("utf-8", "replace").replace("\x00", "")


# ---------------------------------------------------------------------------------------------------------------

def classify(code, stderr, timed_out):
    if timed_out:
        return "hang"
    if code < 0 or code >= 128 or "Fatal error" in stderr:
        return "crash"
    if code not in (0, 1, 2, 3):
        return "bad-exit"
    return None


def run_one(binary, argv, timeout, cwd):
    start = time.monotonic()
    try:
        p = subprocess.run([binary] + argv, capture_output=True, timeout=timeout, cwd=cwd,
                           env=dict(os.environ, SWIFT_BACKTRACE="enable=no",
                                   EDGEPROF_PROFILES=os.path.join(ROOT, "DeviceProfiles")))
        return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"), False, time.monotonic() - start
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", (e.stderr or b"").decode("utf-8", "replace"), True, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "edgeprof"))
    ap.add_argument("--executions", type=int, default=25_000, help="total runs, split evenly across input kinds")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a run counts as a hang")
    ap.add_argument("--kinds", default="", help="comma-separated subset of input kinds")
    ap.add_argument("--out", default=os.path.join(ROOT, ".build", "mutation-audit"))
    args = ap.parse_args()

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    work = os.path.join(args.out, "work")
    os.makedirs(work)
    kinds = build_kinds(args.out)
    wanted = set(filter(None, args.kinds.split(",")))
    kinds = [k for k in kinds if not wanted or k.name in wanted]

    # Two shard results of the small suite for `merge` (shard 1 is the mutated one; its seed is the real result).
    seeds_dir = os.path.join(args.out, "seeds")
    shutil.copytree(os.path.join(ROOT, "Benchmarks", "models"), os.path.join(seeds_dir, "models"), dirs_exist_ok=True)
    for i in (1, 2):
        run_one(args.binary, ["bench", "--suite", os.path.join(seeds_dir, "suite.json"), "--mode", "deterministic",
                              "--shard", f"{i}/2", "--output", os.path.join(seeds_dir, f"shard{i}.json")], 120, ROOT)

    rng = random.Random(args.seed)
    mutator = Mutator(rng)
    per_kind = max(1, args.executions // len(kinds))
    counts = {k.name: collections.Counter() for k in kinds}
    slowest = collections.defaultdict(float)
    seed_bytes = {k.name: [read(s) for s in k.seeds] for k in kinds}
    findings = []
    t0 = time.monotonic()
    for kind in kinds:
        os.makedirs(os.path.join(work, kind.name), exist_ok=True)
        kind.layout(os.path.join(work, kind.name))

    def summary():
        lines = ["== mutation audit summary (seed %d, timeout %.0f s, %s, %.0f s)"
                 % (args.seed, args.timeout, args.binary, time.monotonic() - t0)]
        for name, c in counts.items():
            bad = sum(v for k, v in c.items() if not k.startswith("exit"))
            lines.append(f"{name:18} {sum(c.values()):6} runs  findings {bad:4}  "
                         + "  ".join(f"{k}: {v}" for k, v in sorted(c.items())) + f"  slowest {slowest[name]:.1f} s")
        lines.append(f"{'total':18} {sum(sum(c.values()) for c in counts.values()):6} runs  findings {len(findings):4}")
        lines.append(f"reproducers: {os.path.join(args.out, 'findings')}" if findings else "no findings")
        text = "\n".join(lines)
        write(os.path.join(args.out, "summary.txt"), (text + "\n").encode())
        return text

    # Round-robin over the kinds, so a run stopped early has covered every kind evenly.
    for n in range(per_kind):
        for kind in kinds:
            kind_dir = os.path.join(work, kind.name)
            if kind.name == "cli-args":
                values, template = CLI_TEMPLATES[n % len(CLI_TEMPLATES)]
                value = mutate_value(rng, mutator, rng.choice(values))
                argv = [a.replace("{v}", value).replace("{suite}", os.path.join(seeds_dir, "suite.json")) for a in template]
                files = {}
            else:
                seeds = seed_bytes[kind.name]
                i = rng.randrange(len(seeds))
                mutant = mutator.mutate(seeds[i], seeds, text=kind.name not in ("gguf", "safetensors"))
                command = kind.commands[i] if getattr(kind, "paired", False) else rng.choice(kind.commands)
                files, argv = command(mutant)
                argv = [a.replace("{w}", kind_dir) for a in argv]
            for name, data in files.items():
                path = os.path.join(kind_dir, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                write(path, data)
            code, out, err, timed_out, seconds = run_one(args.binary, argv, args.timeout, kind_dir)
            if timed_out:  # a shared machine can be slow: a hang is a run that still does not finish in 5x the time
                code, out, err, timed_out, seconds = run_one(args.binary, argv, 5 * args.timeout, kind_dir)
            slowest[kind.name] = max(slowest[kind.name], seconds)
            finding = classify(code, err, timed_out)
            problems = consistency(argv, out) if code == 0 else []
            if finding is None and problems:
                finding = "inconsistent"
            counts[kind.name][finding or f"exit {code}"] += 1
            if finding:
                case = os.path.join(args.out, "findings", f"{kind.name}-{n:05d}-{finding}")
                os.makedirs(case)
                for name, data in files.items():
                    write(os.path.join(case, os.path.basename(name)), data)
                write(os.path.join(case, "command"), (" ".join(repr(a) if " " in a or not a else a for a in argv)
                                                      + "\n").encode())
                write(os.path.join(case, "stdout"), out[:1_000_000])
                write(os.path.join(case, "stderr"), err[-100_000:].encode())
                write(os.path.join(case, "problems"), "\n".join(problems[:50]).encode())
                findings.append(case)
                print(f"FINDING {finding} [{kind.name}] {' '.join(argv)[:200]} {problems[:2]}", flush=True)
        if n % 50 == 49:
            print(summary(), flush=True)

    print(summary())
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
