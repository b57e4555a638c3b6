#!/usr/bin/env bash
# Evaluates a model folder on suite $SUITE (default object; libero_object: LIBERO-Object from a carried or
# already unpacked .device/libero-libero_object.txz, training/device_libero.sh) with the GPU machine's renders
# (NVIDIA EGL), the same episodes as `./vla4j eval --policy DIR --suite SUITE --episodes-per-task N --seed 0` here: one process per task
# (NVIDIA's GL driver serializes the rendering threads of one process), each with WORKERS episodes in
# parallel and one ONNX Runtime thread per policy. Needs the carried .device/ (jlink runtime, a jar
# that keeps ONNX Runtime's and the tokenizer's linux-x64 natives, libmujoco; training/README.md) and .gl/.
#   OUT=... MODEL=models/tiny-vla EPISODES=50 WORKERS=2 [SUITE=libero_object] [EVAL_ARGS="--batch 4"] training/gpu_eval.sh
# Writes $OUT/gpu-eval-summary.json and $OUT/gpu-eval-runs.tgz (eval/task<k>/, each an ordinary run folder, and
# their logs; packed because the device returns at most 8 files).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"
SUITE="${SUITE:-object}"; MODEL="${MODEL:-models/tiny-vla}"; EPISODES="${EPISODES:-50}"; WORKERS="${WORKERS:-2}"; SEED="${SEED:-0}"
TASKS="${TASKS:-0 1 2 3 4 5 6 7 8 9}"  # a subset for a quick check, e.g. TASKS=0
EVAL_ARGS="${EVAL_ARGS:-}"  # more eval options for every process, e.g. "--batch 4"
WORK="${WORK:-/tmp/vla4j-eval}"
mkdir -p "$WORK/eval" "$OUT"
source training/device_runtime.sh
vla4j sim info 2>&1 | tee "$WORK/eval/sim-info.txt"
START=$(date +%s)
pids=()
for t in $TASKS; do
  vla4j eval --policy "$MODEL" --suite "$SUITE" --tasks "$t" --episodes-per-task "$EPISODES" --seed "$SEED" --workers "$WORKERS" \
      --out "$WORK/eval/task$t" --no-progress $EVAL_ARGS > "$WORK/eval/task$t.log" 2>&1 & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
echo "wall $(( $(date +%s) - START )) s"
python3 - "$WORK" "$OUT" $TASKS <<'EOF'
import json, math, sys, glob
work, out, tasks = sys.argv[1], sys.argv[2], [int(t) for t in sys.argv[3:]]
rows = []
for t in tasks:
    s = json.load(open(f"{work}/eval/task{t}/summary.json"))
    rows += s["per_task"]
n = sum(r["episodes"] for r in rows); k = sum(r["successes"] for r in rows)
p = k / n
summary = {"suite": json.load(open(f"{work}/eval/task{tasks[0]}/summary.json")).get("suite"), "renderer": open(f"{work}/eval/sim-info.txt").read(), "per_task": rows, "episodes": n, "successes": k,
           "success_rate": p, "standard_error": math.sqrt(p * (1 - p) / n)}
json.dump(summary, open(f"{out}/gpu-eval-summary.json", "w"), indent=1)
for r in rows:
    print(f"task {r['task_id']}: {r['successes']}/{r['episodes']}")
print(f"all: {k}/{n} = {p:.3f} +- {summary['standard_error']:.3f}")
EOF
tar czf "$OUT/gpu-eval-runs.tgz" -C "$WORK" eval
