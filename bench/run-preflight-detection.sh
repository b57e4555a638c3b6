#!/usr/bin/env bash
# Preflight's detection table on the drills' three injected faults: `vla4j preflight` on the shipped
# model, clean and with --inject no_flip|bad_prompt|bad_unnorm, on two selections of 20 frames of
# suite object (tasks 0-9 x init states 0,1; tasks 0-3 x init states 10-14). Prints a Markdown table:
# each check's verdict on all 20 frames together, with the frames that fail it alone (frames_failed/frames),
# then the false alarms (FAIL on the clean pipeline) and misses (a fault whose own check does not FAIL).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
selections=("0-9:0,1" "0-3:10-14")
for sel in "${selections[@]}"; do
  tasks="${sel%%:*}"; states="${sel##*:}"
  for f in none no_flip bad_prompt bad_unnorm; do
    ./vla4j preflight --policy tiny-vla --task "$tasks" --init-states "$states" --inject "$f" \
        --out "$out/${tasks}_${states}_$f.json" > /dev/null || true
  done
done
python3 - "$out" "${selections[@]}" <<'PY'
import json, sys
out, sels = sys.argv[1], sys.argv[2:]
own = {"no_flip": "image_orientation", "bad_prompt": "prompt_template", "bad_unnorm": "unnorm_key"}
checks = ["image_orientation", "prompt_template", "unnorm_key", "gripper", "golden"]
print("| frames | injected | " + " | ".join(checks) + " | exit |")
print("|---|---|" + "---|" * len(checks) + "---|")
false_alarms = misses = runs = 0
for sel in sels:
    tasks, states = sel.split(":")
    for f in ["none", "no_flip", "bad_prompt", "bad_unnorm"]:
        r = json.load(open(f"{out}/{tasks}_{states}_{f}.json"))
        by = {c["check"]: c for c in r["checks"]}
        cells = []
        for k in checks:
            c = by[k]
            cells.append(c["status"] + (f" {c['frames_failed']}/{c['frames']}" if c["frames"] else ""))
        print(f"| tasks {tasks} x is {states} ({r['frames']}) | {f} | " + " | ".join(cells) + f" | {r['exit_code']} |")
        runs += 1
        if f == "none":
            false_alarms += sum(1 for c in r["checks"] if c["status"] == "FAIL")
        elif by[own[f]]["status"] != "FAIL":
            misses += 1
print()
print(f"{runs} preflight runs: {false_alarms} false alarm(s) (FAIL on a clean run), {misses} miss(es) (an injected fault whose own check did not FAIL)")
PY
