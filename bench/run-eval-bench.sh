#!/usr/bin/env bash
# Episodes per hour of the scripted expert on suite object (both cameras rendered at 128x128),
# with 1 and with 2 workers: 40 episodes (4 per task, init states 0-3), seed 0.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
for w in 1 2; do
  ./vla4j eval --policy expert --episodes-per-task 4 --init-states 0-3 --seed 0 --workers "$w" --no-progress \
      --out "$out/w$w" > /dev/null
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f'workers $w: {s[\"wall_s\"]:.1f} s for 40 episodes, {s[\"episodes_per_hour\"]:.0f} episodes/hour, success {s[\"overall\"][\"successes\"]}/40')" "$out/w$w/summary.json"
done
cmp "$out/w1/episodes.jsonl" "$out/w2/episodes.jsonl" && cmp "$out/w1/steps.jsonl" "$out/w2/steps.jsonl" && echo "logs identical for 1 and 2 workers"
