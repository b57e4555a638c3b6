#!/usr/bin/env bash
# Wall time and episodes/hour of the whole 500-episode object suite with tiny-vla for several workers x batch
# configurations, one after the other in one command on an otherwise idle machine (issue 20), and a check that
# every configuration wrote the same steps.jsonl and episodes.jsonl as the first (batching changes no action).
#   bench/run-suite-batch-bench.sh [CONFIGS="2x1 2x4 1x4"] [OUT=dir] [POLICY=tiny-vla] [EPISODES=50]
# Prints one line per configuration: workers, batch, wall_s (summary.json), episodes/hour, successes.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGS="${CONFIGS:-2x1 2x4 1x4}"; OUT="${OUT:-$(mktemp -d)}"; POLICY="${POLICY:-tiny-vla}"; EPISODES="${EPISODES:-50}"
mkdir -p "$OUT"
first=""
for c in $CONFIGS; do
  w="${c%x*}"; b="${c#*x}"; run="$OUT/w${w}-b${b}"
  rm -rf "$run"
  ./vla4j eval --policy "$POLICY" --episodes-per-task "$EPISODES" --seed 0 --workers "$w" --batch "$b" --no-progress \
      --out "$run" > "$run.log" 2>&1
  python3 - "$run/summary.json" "$w" "$b" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); o = s["overall"]
print(f"workers {sys.argv[2]} x batch {sys.argv[3]}: {s['wall_s']:.0f} s, {s['episodes_per_hour']:.0f} episodes/hour, "
      f"{o['successes']}/{o['episodes']} successes", flush=True)
PY
  if [ -z "$first" ]; then first="$run"
  else
    cmp -s "$first/steps.jsonl" "$run/steps.jsonl" && cmp -s "$first/episodes.jsonl" "$run/episodes.jsonl" \
      && echo "  logs identical to $(basename "$first")" || echo "  LOGS DIFFER from $(basename "$first")"
  fi
done
