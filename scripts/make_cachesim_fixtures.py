#!/usr/bin/env python3
"""Make the differential-test fixtures for EdgeMemory's exact cache simulator from pycachesim.

Writes Tests/Fixtures/cachesim/<name>.trace (the plain-text trace format of `edgeprof replay`) and
Tests/Fixtures/cachesim/expected.json (per trace and hierarchy: pycachesim's per-level counts).

    pip install pycachesim==0.3.1
    python3 scripts/make_cachesim_fixtures.py

How the trace maps onto pycachesim (LRU, write-back, write-allocate, levels chained by load_from/store_to):
  R addr size  ->  cs.load([addr], length=size)
  W addr size  ->  cs.load([addr], length=size); cs.store([addr], length=size)
pycachesim's store hit only marks a line dirty (no LRU update, no HIT count), so a write is modelled as a load
(demand access: counts, recency, fill) followed by the store (dirty mark): EdgeMemory's write semantics.
A dirty victim is `store`d into the next level; there a miss is a write-allocate load (counted as a MISS, fetched
from below): EdgeMemory's WritebackMissPolicy.fetch. EVICT_count counts dirty victims only = EdgeMemory's
`writebacks`. EdgeMemory's `evictions` (clean or dirty victims) = fills - valid lines at the end, where every
pycachesim miss is one fill. pycachesim issue #15: the scalar load/store parse the address as a C unsigned int
into a long, leaving the upper half uninitialised (seen here: lines at 0x7f77...); so this script uses the
iterable path (PyLong_AsLong) and keeps addresses below 2^32 as well.
"""
import json
import os
import random

from cachesim import Cache, CacheSimulator, MainMemory
import cachesim

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "cachesim")

# name -> list of (level name, sets, ways, line size), nearest first
HIERARCHIES = {
    "three-level": [("L1", 16, 4, 64), ("L2", 64, 8, 64), ("L3", 256, 16, 64)],
    "mixed-lines": [("L1", 32, 2, 64), ("L2", 64, 4, 128)],
    "direct-mapped": [("L1", 64, 1, 64), ("L2", 128, 4, 64)],
}


def build(levels):
    mem = MainMemory()
    below = None
    caches = []
    for name, sets, ways, line in reversed(levels):
        c = Cache(name, sets, ways, line, "LRU", write_back=True, write_allocate=True,
                  store_to=below, load_from=below)
        caches.insert(0, c)
        below = c
    mem.load_to(caches[-1])
    mem.store_from(caches[-1])
    return CacheSimulator(caches[0], mem), caches


def traces():
    rng = random.Random(20261122)
    t = {}
    # Sequential 8-byte reads over 48 KiB, twice (many accesses within one line; L2/L3 reuse on the second pass).
    t["sequential"] = [("R", a, 8) for _ in range(2) for a in range(0x10000, 0x10000 + 48 * 1024, 8)]
    # Strided 4-byte reads: stride 4160 B (65 lines) and 8192 B (set conflicts), three passes.
    t["strided"] = [("R", 0x200000 + i * s, 4) for s in (4160, 8192) for _ in range(3) for i in range(300)]
    # Random reads of 1-256 bytes (many span two to five lines) in 384 KiB.
    t["random"] = [("R", 0x400000 + rng.randrange(384 * 1024), rng.randint(1, 256)) for _ in range(3000)]
    # Re-scans of regions below, near and above each level's capacity, 64-byte reads.
    rescans = []
    for region in (3 * 1024, 12 * 1024, 40 * 1024, 300 * 1024):
        for _ in range(3):
            rescans += [("R", 0x800000 + a, 64) for a in range(0, region, 64)]
    t["rescans"] = rescans
    # Mixed: random reads and writes (40% writes, 1-128 bytes) in 192 KiB, then a streaming write-then-read.
    mixed = []
    for _ in range(3000):
        mixed.append(("W" if rng.random() < 0.4 else "R", 0x1000000 + rng.randrange(192 * 1024), rng.randint(1, 128)))
    mixed += [("W", 0x1100000 + a, 32) for a in range(0, 96 * 1024, 32)]
    mixed += [("R", 0x1100000 + a, 64) for a in range(0, 96 * 1024, 64)]
    t["mixed"] = mixed
    # Long sequential reads (EdgeMemory's streaming shortcut engages above 4 x total capacity in lines) between
    # random writes that leave dirty lines behind.
    long = []
    for base, size in ((0x2000000, 2 << 20), (0x2000000, 2 << 20), (0x2400000, 3 << 20)):
        long += [("W", 0x2000000 + rng.randrange(4 << 20), rng.randint(1, 64)) for _ in range(200)]
        long.append(("R", base, size))
        long += [("R", 0x2000000 + rng.randrange(4 << 20), rng.randint(1, 64)) for _ in range(200)]
    t["longranges"] = long
    return t


def replay(records, levels):
    cs, caches = build(levels)
    for op, addr, size in records:
        assert addr + size < 2 ** 32
        cs.load([addr], length=size)
        if op == "W":
            cs.store([addr], length=size)
    out = []
    for c, (name, sets, ways, line) in zip(caches, levels):
        s = c.stats()
        starts = [a for a in c.backend.cached if a % line == 0]  # `cached` lists every cached byte address
        valid = sets * ways - c.backend.count_invalid_entries()
        assert valid == len(starts)
        out.append({
            "name": name,
            "hits": s["HIT_count"],
            "misses": s["MISS_count"],
            "writebacks": s["EVICT_count"],
            "evictions": s["MISS_count"] - valid,
            "validLines": valid,
            "lineAddressSum": sum(starts),
        })
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for name, records in traces().items():
        path = os.path.join(OUT, name + ".trace")
        with open(path, "w") as f:
            f.write(f"# {name}: {len(records)} accesses, made by scripts/make_cachesim_fixtures.py\n")
            for op, addr, size in records:
                f.write(f"{op} {addr:#x} {size}\n")
        for hname, levels in HIERARCHIES.items():
            cases.append({"trace": name + ".trace", "hierarchy": hname, "levels": replay(records, levels)})
    doc = {
        "generator": f"pycachesim {getattr(cachesim, '__version__', '0.3.1')} (LRU, write-back, write-allocate)",
        "hierarchies": {k: [{"name": n, "sets": s, "ways": w, "lineSize": l, "inclusion": "nonInclusive"} for n, s, w, l in v]
                        for k, v in HIERARCHIES.items()},
        "cases": cases,
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
