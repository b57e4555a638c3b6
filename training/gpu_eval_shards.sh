#!/usr/bin/env bash
# Evaluates a model folder on a suite with the GPU machine's renders as SHARDS processes, each running
# `eval --shard i/SHARDS` over every task (round robin by episode index, so each process gets the same mix
# of tasks and the slowest task no longer sets the wall time), then joins them with `vla4j merge` into one
# run folder byte-identical to an unsharded run's. One worker per process by default: NVIDIA's GL driver
# serializes the rendering threads of one process. Needs the carried .device/ and .gl/ (training/README.md §0).
#   OUT=... MODEL=models/tiny-vla [SUITE=object] [SHARDS=16] [PARALLEL=SHARDS] [WORKERS=1] [EPISODES=50] [EVAL_ARGS=...] training/gpu_eval_shards.sh
# Writes $OUT/<name>-summary.json (the merged summary.json) and $OUT/<name>-run.tgz (the merged run folder;
# NAME defaults to the model folder's name and the suite).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"
MODEL="${MODEL:-models/tiny-vla}"; SUITE="${SUITE:-object}"; SHARDS="${SHARDS:-16}"; PARALLEL="${PARALLEL:-$SHARDS}"; WORKERS="${WORKERS:-1}"
EPISODES="${EPISODES:-50}"; SEED="${SEED:-0}"; EVAL_ARGS="${EVAL_ARGS:-}"
NAME="${NAME:-$(basename "$MODEL")-$SUITE}"
WORK="${WORK:-/tmp/vla4j-eval}"
RUNS="$WORK/shards-$NAME"
rm -rf "$RUNS"; mkdir -p "$RUNS/logs" "$OUT"
source training/device_runtime.sh
START=$(date +%s)
run_shard() {
  vla4j eval --policy "$MODEL" --suite "$SUITE" --episodes-per-task "$EPISODES" --seed "$SEED" --workers "$WORKERS" \
      --shard "$1/$SHARDS" --out "$RUNS/shard-$1" --no-progress $EVAL_ARGS > "$RUNS/logs/shard-$1.log" 2>&1 \
      && touch "$RUNS/logs/shard-$1.ok"
}
# at most PARALLEL shards at once (default all): with llvmpipe one shard per core, and more shards than
# cores keep the cores busy to the end; each finished shard leaves logs/shard-<i>.ok, so the shards done
# when a machine's time runs out can be fetched and the rest run elsewhere (`vla4j merge` joins them)
for ((i = 0; i < SHARDS; i++)); do
  while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n || true; done
  run_shard "$i" &
done
wait
EVAL_S=$(( $(date +%s) - START ))
failed=(); for ((i = 0; i < SHARDS; i++)); do [ -f "$RUNS/logs/shard-$i.ok" ] || failed+=("$i"); done
[ "${#failed[@]}" = 0 ] || { for i in "${failed[@]}"; do tail -5 "$RUNS/logs/shard-$i.log"; done; echo "shards failed: ${failed[*]}"; exit 1; }
vla4j merge "$RUNS"/shard-* --out "$RUNS/merged" > "$RUNS/logs/merge.log" 2>&1 || { cat "$RUNS/logs/merge.log"; exit 1; }
echo "$NAME: $SHARDS shards x $WORKERS workers: eval ${EVAL_S} s, with merge $(( $(date +%s) - START )) s"
cp "$RUNS/merged/summary.json" "$OUT/$NAME-summary.json"
python3 - "$RUNS/merged/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["per_task"]:
    print(f"task {r['task_id']}: {r['successes']}/{r['episodes']}")
k = sum(r["successes"] for r in s["per_task"]); n = sum(r["episodes"] for r in s["per_task"])
print(f"all: {k}/{n}")
PY
tar czf "$OUT/$NAME-run.tgz" -C "$RUNS" merged
