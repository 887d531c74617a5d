#!/usr/bin/env python3
"""Prints the issue-7 validation table from the `validate --format json` files in a directory (scripts/validate_grid.sh
writes them), then the immediate/none decode ratios (from the immediate run's `--against none` where it has one: the
two configurations alternating in one process; else the two files' figures), then which criteria are met: decode per
token within 15 % of measured, prefill within 25 %, measured immediate/none decode ratio predicted within 10 %. The
two columns after a row's figures are its undisturbed samples (prefills, decode steps) of all taken
(`validate`'s undisturbedSamples).
Usage: scripts/validate_summary.py OUTPUT-DIRECTORY"""
import glob, json, os, sys

DECODE, PREFILL, RATIO = 0.15, 0.25, 0.10
for path in sorted(glob.glob(os.path.join(sys.argv[1], "host-*.json"))):
    label = os.path.basename(path)[len("host-"):-len(".json")]
    h = json.load(open(path)); unit = h["compute"]["units"][0]
    levels = "  ".join(f'{c["name"]} {c["bandwidth"]["value"]:.1f} GB/s ({c["size"]["value"] / 1024:.0f} KiB)' for c in h["caches"])
    rates = "  ".join(f'{k} {unit["peaks"][k]["value"]:.1f} / {unit["matvecPeaks"][k]["value"]:.1f}' for k in ("f32", "int8"))
    kernel = h["dram"].get("kernelReadBandwidth", {})
    dram = "  ".join([f'DRAM {h["dram"]["peakBandwidth"]["value"]:.1f} GB/s'] +
                     [f'{k} kernel {kernel[k]["value"]:.1f}' for k in ("f32", "int8") if k in kernel])
    print(f'# host profile {label}: {levels}  {dram}; '
          f'G op/s (64 rows / 1 row) {rates}; per op {h["overheads"]["perOp"]["value"]:.2f} us')
rows, paired = {}, {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "mobilellm-*.json"))):
    v = json.load(open(path))["validation"]
    p = {c["name"]: c for c in v["phases"]}
    rows[(v["model"], v["precision"], v["sharing"], v["threads"])] = p
    if v.get("decodeRatio"): paired[(v["model"], v["precision"], v["sharing"], v["threads"])] = v["decodeRatio"]
    print(f'{v["model"]:18} {v["precision"]:5} {v["sharing"]:15} t{v["threads"]}  '
          f'prefill {p["prefill"]["predictedSeconds"]*1e3:8.1f} / {p["prefill"]["measuredSeconds"]*1e3:8.1f} ms '
          f'{p["prefill"]["relativeError"]*100:+6.1f}%   decode {p["decode per token"]["predictedSeconds"]*1e3:7.2f} / '
          f'{p["decode per token"]["measuredSeconds"]*1e3:7.2f} ms {p["decode per token"]["relativeError"]*100:+6.1f}%' +
          "".join(f'  {s["undisturbed"]:3}/{s["total"]:<3}' for s in v.get("undisturbedSamples", [])))
print()
ratios = []
for (model, precision, sharing, threads), p in sorted(rows.items()):
    if sharing != "immediate" or (model, precision, "none", threads) not in rows: continue
    n = rows[(model, precision, "none", threads)]["decode per token"]; i = p["decode per token"]
    measured = i["measuredSeconds"] / n["measuredSeconds"]; predicted = i["predictedSeconds"] / n["predictedSeconds"]
    how = "separate runs"
    if (r := paired.get((model, precision, sharing, threads))):
        measured, predicted = r["measured"], r["predicted"]
        how = f'alternating, {len(r["rounds"])} rounds ({r["undisturbedRounds"]} undisturbed): ' + \
              " ".join(f"{x:.3f}" for x in r["rounds"])
    ratios.append((threads, (predicted - measured) / measured))
    print(f'{model:18} {precision:5} t{threads}  immediate/none decode: measured {measured:.3f}, predicted {predicted:.3f} '
          f'({ratios[-1][1] * 100:+.1f}%)  {how}')
print()

def criterion(name, errors, bound):
    """errors: (thread count, relative error) pairs; the verdict over all, then the count within per thread count."""
    inside = sum(abs(e) <= bound for _, e in errors)
    worst = max((abs(e) for _, e in errors), default=0)
    verdict = "MET" if errors and inside == len(errors) else "NOT MET"
    split = "  ".join(f't{t} {sum(abs(e) <= bound for u, e in errors if u == t)}/{sum(u == t for u, _ in errors)}'
                      for t in sorted({t for t, _ in errors}))
    print(f'{name:44} {verdict:8} {inside}/{len(errors)} within ±{bound * 100:.0f}%, worst {worst * 100:.1f}% ({split})')

criterion("decode time per token (±15%)", [(k[3], p["decode per token"]["relativeError"]) for k, p in rows.items()], DECODE)
criterion("prefill time (±25%)", [(k[3], p["prefill"]["relativeError"]) for k, p in rows.items()], PREFILL)
criterion("immediate/none decode ratio (±10%)", ratios, RATIO)
