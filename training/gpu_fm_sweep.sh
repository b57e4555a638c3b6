#!/usr/bin/env bash
# Evaluates one flow-matching model folder under several (Euler steps, executor) settings on the GPU machine's
# renders, one after the other, each as gpu_eval_shards.sh's sharded run of the whole suite (issue 17's sweeps:
# success and policy cost against the number of Euler steps and the chunk length executed open loop).
#   OUT=... MODEL=DIR [CONFIGS="10,open-loop:8 1,open-loop:8 ..."] [SUITE=object] [SHARDS=16] [EPISODES=50] training/gpu_fm_sweep.sh
# Writes, per setting, $OUT/<model>-s<steps>-<executor>-summary.json and -episodes.jsonl (the merged run's
# per-episode lines, for paired comparisons), and $OUT/sweep.log with each setting's wall time.
set -uo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"; : "${MODEL:?set MODEL to a flow-matching model folder}"
CONFIGS="${CONFIGS:-10,open-loop:8 1,open-loop:8 2,open-loop:8 5,open-loop:8 10,open-loop:16 10,open-loop:4 10,open-loop:1}"
WORK="${WORK:-/tmp/vla4j-eval}"; mkdir -p "$OUT" "$WORK"
for c in $CONFIGS; do
  steps="${c%%,*}"; executor="${c#*,}"
  name="$(basename "$MODEL")-s$steps-${executor//:/}"
  t0=$(date +%s)
  if env OUT="$WORK/out-$name" MODEL="$MODEL?steps=$steps" NAME="$name" WORK="$WORK" EVAL_ARGS="--executor $executor" \
      bash training/gpu_eval_shards.sh > "$WORK/$name.log" 2>&1; then
    cp "$WORK/out-$name/$name-summary.json" "$OUT/"
    cp "$WORK/shards-$name/merged/episodes.jsonl" "$OUT/$name-episodes.jsonl"
    echo "$name: $(grep '^all:' "$WORK/$name.log") in $(( $(date +%s) - t0 )) s" | tee -a "$OUT/sweep.log"
  else
    echo "$name: failed after $(( $(date +%s) - t0 )) s: $(tail -3 "$WORK/$name.log" | tr '\n' ' ')" | tee -a "$OUT/sweep.log"
  fi
done
