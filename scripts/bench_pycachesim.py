#!/usr/bin/env python3
"""pycachesim's speed on the workloads of Benchmarks/MemoryBenchmarks, for a side-by-side comparison.

    pip install pycachesim==0.3.1
    python3 scripts/bench_pycachesim.py        # prints M line accesses/s per workload (best of 3)

Same hierarchy as the benchmarks (32 KiB 8-way / 1 MiB 16-way / 8 MiB 16-way, 64 B lines, LRU), same 1,000,000
line accesses per run: Stream = one cold 64 MB range call; Lines = one iterable call with 1,000,000 line addresses
(pycachesim's fastest per-access path, one C loop); L1Hits = the same over a 16 KiB buffer; Random = random lines of
64 MiB. Anchor = perf-anchors.md's shape, 256 MiB read twice (8,388,608 line accesses); compare with
`edgeprof replay --trace T --hierarchy Tests/Fixtures/profiles/pycachesim-anchor.json` where T holds
`R 0x0 268435456` twice. Run it right before or after the Swift benchmarks: this machine is shared and speeds drift;
scripts/compare_pycachesim.sh runs both alternately in one run and prints the ratios.
"""
import random
import time

from cachesim import Cache, CacheSimulator, MainMemory

LINES = 1_000_000


def hierarchy():
    mem = MainMemory()
    l3 = Cache("L3", 8192, 16, 64, "LRU")
    l2 = Cache("L2", 1024, 16, 64, "LRU", store_to=l3, load_from=l3)
    l1 = Cache("L1", 64, 8, 64, "LRU", store_to=l2, load_from=l2)
    mem.load_to(l3)
    mem.store_from(l3)
    return CacheSimulator(l1, mem)


def best(run):
    times = []
    for _ in range(3):
        cs = hierarchy()
        t = time.perf_counter()
        run(cs)
        times.append(time.perf_counter() - t)
    return LINES / min(times) / 1e6


def main():
    rng = random.Random(1)
    sequential = [i << 6 for i in range(LINES)]
    hits = [(i & 255) << 6 for i in range(LINES)]
    rand = [rng.randrange(1 << 20) << 6 for _ in range(LINES)]
    print(f"Stream  {best(lambda cs: cs.load([0], length=64 * LINES)):7.1f} M line accesses/s")
    print(f"Lines   {best(lambda cs: cs.load(sequential, length=64)):7.1f} M line accesses/s")
    print(f"L1Hits  {best(lambda cs: cs.load(hits, length=64)):7.1f} M line accesses/s")
    print(f"Random  {best(lambda cs: cs.load(rand, length=64)):7.1f} M line accesses/s")
    t = time.perf_counter()
    cs = hierarchy()
    for _ in range(2):
        cs.load([0], length=256 << 20)
    print(f"Anchor  {2 * (256 << 20) // 64 / (time.perf_counter() - t) / 1e6:7.1f} M line accesses/s")


if __name__ == "__main__":
    main()
