#!/usr/bin/env python3
"""Make Tests/Fixtures/profiles/: crafted device profiles derived from DeviceProfiles/rpi5.json.

    python3 scripts/make_profile_fixtures.py

valid.json is a renamed copy; each other *.json carries exactly one error that validation must report with the
file and JSON path (DeviceProfileTests). pycachesim-three-level.json and pycachesim-anchor.json swap in the cache
geometry of scripts/make_cachesim_fixtures.py's "three-level" hierarchy and of the pycachesim speed anchor
(perf-anchors.md) for the replay tests and speed measurements.
"""
import copy
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "profiles")
BASE = json.load(open(os.path.join(ROOT, "DeviceProfiles", "rpi5.json")))


def write(name, profile):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(profile, f, indent=1, ensure_ascii=False)
        f.write("\n")


def variant(change):
    d = copy.deepcopy(BASE)
    change(d)
    return d


def geometry(pid, name, notes, source, levels):
    d = copy.deepcopy(BASE)
    d.update(id=pid, name=name, notes=notes)
    for c, (level, sets, ways) in zip(d["caches"], levels):
        c["name"], c["inclusion"] = level, "nonInclusive"
        c["size"] = {"value": sets * ways * 64, "unit": "B", "kind": "spec", "source": source}
        c["sets"] = {"value": sets, "unit": "count", "kind": "spec", "source": source}
        c["ways"] = {"value": ways, "unit": "count", "kind": "spec", "source": source}
    return d


def main():
    os.makedirs(OUT, exist_ok=True)
    write("valid.json", variant(lambda d: d.update(id="valid")))
    write("missing-field.json", variant(lambda d: d["dram"].pop("latency")))
    write("negative-size.json", variant(lambda d: d["caches"][1]["size"].update(value=-512)))
    write("size-mismatch.json", variant(lambda d: d["caches"][1]["size"].update(value=768)))
    write("line-not-power-of-two.json", variant(lambda d: (d["caches"][0]["lineSize"].update(value=48),
                                                           d["caches"][0]["sets"].update(value=341))))
    write("unknown-unit.json", variant(lambda d: d["caches"][2]["latency"].update(unit="fortnights")))
    write("unknown-kind.json", variant(lambda d: d["flash"]["readBandwidth"].update(kind="rumour")))
    write("wrong-dimension.json", variant(lambda d: d["caches"][0]["bandwidth"].update(unit="ns")))
    write("unknown-model-unit.json", variant(lambda d: d["compute"].update(modelUnit="tpu")))
    write("fraction-above-one.json", variant(lambda d: d["dram"]["achievableFraction"].update(value=1.5)))
    write("pycachesim-three-level.json", geometry(
        "pycachesim-three-level", "pycachesim differential hierarchy (three-level)",
        "Test hierarchy of scripts/make_cachesim_fixtures.py (\"three-level\"); all other figures are the Raspberry Pi 5 profile.",
        "test geometry, scripts/make_cachesim_fixtures.py", [("L1", 16, 4), ("L2", 64, 8), ("L3", 256, 16)]))
    write("pycachesim-anchor.json", geometry(
        "pycachesim-anchor", "pycachesim speed anchor hierarchy (perf-anchors.md)",
        "32 KiB 8-way / 1 MiB 16-way / 8 MiB 16-way, 64 B lines: the hierarchy of the pycachesim speed anchor; "
        "other figures are the Raspberry Pi 5 profile.",
        "perf-anchors.md cache simulator anchor geometry", [("L1", 64, 8), ("L2", 1024, 16), ("L3", 8192, 16)]))


if __name__ == "__main__":
    main()
