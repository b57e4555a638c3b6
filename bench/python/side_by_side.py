#!/usr/bin/env python3
"""Summarises a side-by-side run of LiberoStepBench (vla4j) and libero_step.py (Python peer): reads the
JSON lines both printed (tagged "impl": "vla4j" / "python", one "round" per alternation) and prints, per
figure, each side's median over the rounds and the ratio python / vla4j (above 1: vla4j is faster),
the per-round ratios beside it. Standard library only.

Run: python3 bench/python/side_by_side.py RESULTS.jsonl [--markdown]
"""

import json
import statistics
import sys
from collections import defaultdict


def key(row):
    f = row["figure"]
    if f == "env_step":
        return f"env_step {row['mode']}", "ms_per_step"
    if f in ("raw_mj_step_x25", "replay_mj_step_x25"):
        return f, "ms_per_step"
    if f == "render_frame_128":
        return f"frame128 {row['camera']}: {row['settings']}", "ms_per_frame"
    return None, None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    markdown = "--markdown" in sys.argv
    if len(args) != 1:
        sys.exit("usage: side_by_side.py RESULTS.jsonl [--markdown]")
    by = defaultdict(lambda: defaultdict(dict))  # key -> impl -> round -> value
    order = []
    for line in open(args[0]):
        line = line.strip()
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        k, field = key(row)
        if k is None:
            continue
        for kk, ff in ((k, field), (k + " (thread CPU time)", "cpu_ms_per_step")):
            if ff not in row:
                continue
            if kk not in order:
                order.append(kk)
            by[kk][row["impl"]][row.get("round", 0)] = row[ff]
    if markdown:
        print("| figure | vla4j ms | Python ms | Python / vla4j | per round |")
        print("|---|---:|---:|---:|---|")
    for k in order:
        j, p = by[k].get("vla4j", {}), by[k].get("python", {})
        if not j or not p:
            continue
        jm, pm = statistics.median(j.values()), statistics.median(p.values())
        rounds = sorted(set(j) & set(p))
        per = [p[r] / j[r] for r in rounds if j[r] > 0]
        per_s = ", ".join(f"{x:.2f}" for x in per)
        if markdown:
            print(f"| {k} | {jm:.3f} | {pm:.3f} | {pm / jm:.2f}× | {per_s} |")
        else:
            print(json.dumps({"figure": k, "vla4j_ms": jm, "python_ms": pm, "python_over_vla4j": round(pm / jm, 3), "per_round": [round(x, 3) for x in per]}))


if __name__ == "__main__":
    main()
