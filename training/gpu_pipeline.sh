#!/usr/bin/env bash
# One-command retraining of the shipped TinyVLA on a GPU machine without Java (see training/README.md):
# demonstrations with the Java simulator (carried jlink runtime + jar + libmujoco), LeRobot datasets,
# statistics with two keys, tokenizer, training, ONNX export and checks. Everything it keeps goes to $OUT.
# With DAGGER_POLICY (a model folder) it also runs a DAgger round: that policy drives DAGGER_EPISODES
# episodes per task from TRAIN init state DAGGER_FIRST on, the expert labels every step, and the
# model trains on demonstrations and DAgger data together (statistics from the demonstrations only).
# INIT_CHECKPOINT (a checkpoint.pt, e.g. from the previous run's dataset_meta.tgz) starts training from
# its weights instead of a random init.
# The collection is skipped when $WORK/collected.ok exists (a second call on a machine still warm
# spends its whole DEADLINE on training).
#   OUT=... EPISODES=80 EPISODES_COARSE=3 EPOCHS=20 MAX_MIN=4.5 PROCS=5 WORKERS=3 SEED=0 DEADLINE=560 training/gpu_pipeline.sh
# DEADLINE (seconds) caps the whole run: training gets what collection leaves (the step budget is
# then fixed after epoch 1 from the measured speed and logged, see train.py).
# Collection runs as PROCS processes (tasks split between them) of WORKERS threads each: measured on
# an H200 machine, one process rendered 183 frames/s with 4 worker threads but only 60 with 16
# (NVIDIA's GL driver serializes rendering threads of one process).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"
EPISODES="${EPISODES:-80}"; EPISODES_COARSE="${EPISODES_COARSE:-3}"; EPOCHS="${EPOCHS:-20}"
MAX_MIN="${MAX_MIN:-1000}"; PROCS="${PROCS:-5}"; WORKERS="${WORKERS:-3}"; SEED="${SEED:-0}"; WORK="${WORK:-/tmp/vla4j-work}"
DAGGER_POLICY="${DAGGER_POLICY:-}"; DAGGER_EPISODES="${DAGGER_EPISODES:-60}"; DAGGER_FIRST="${DAGGER_FIRST:-1000}"; DAGGER_BETA="${DAGGER_BETA:-0}"; DAGGER_WORKERS="${DAGGER_WORKERS:-1}"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/pipeline.log"; }
mkdir -p "$WORK" "$OUT"
START=$(date +%s); DEADLINE="${DEADLINE:-100000}"
source training/device_runtime.sh
vla4j sim info 2>&1 | tee -a "$OUT/pipeline.log"
python3 -c "import cv2" 2>/dev/null && log "python: cv2 available" || log "python: no cv2 (PIL decodes)"
dirs=(); for p in $(seq 0 $((PROCS - 1))); do dirs+=("$WORK/ds$p"); done
dagger_dirs=(); if [ -n "$DAGGER_POLICY" ]; then for t in $(seq 0 9); do dagger_dirs+=("$WORK/dagger$t"); done; fi
if [ -f "$WORK/collected.ok" ]; then
  log "collect: reusing the datasets in $WORK (collected.ok; same settings: $(cat "$WORK/collected.ok"))"
else
  log "collect: $EPISODES episodes per task in $PROCS processes x $WORKERS workers; coarse controller (input_max 4): $EPISODES_COARSE per task"
  pids=()
  for p in $(seq 0 $((PROCS - 1))); do
    tasks="$(seq $p "$PROCS" 9 | paste -sd,)"
    vla4j collect --tasks "$tasks" --episodes-per-task "$EPISODES" --seed "$SEED" --workers "$WORKERS" --out "$WORK/ds$p" --no-progress \
        > "$WORK/collect$p.log" 2>&1 & pids+=($!)
  done
  vla4j collect --episodes-per-task "$EPISODES_COARSE" --seed "$SEED" --workers 2 --controller-input-max 4 \
      --dataset-key vla4j_object_coarse --out "$WORK/coarse" --no-progress > "$WORK/collect_coarse.log" 2>&1 & pids+=($!)
  if [ -n "$DAGGER_POLICY" ]; then
    # DAgger (arXiv:1011.0686): the policy drives on its own TRAIN init states, the expert labels; one process per
    # task with DAGGER_WORKERS episodes in parallel (one ONNX Runtime thread each; with 1, ten processes used
    # ten of the H100 machine's 16 cores at ~52 frames/s each)
    log "collect: DAgger with $DAGGER_POLICY, $DAGGER_EPISODES episodes per task from TRAIN init state $DAGGER_FIRST, beta $DAGGER_BETA"
    for t in $(seq 0 9); do
      vla4j collect --tasks "$t" --episodes-per-task "$DAGGER_EPISODES" --first-init-state "$DAGGER_FIRST" --seed "$SEED" --workers "$DAGGER_WORKERS" \
          --dagger-policy "$DAGGER_POLICY" --dagger-beta "$DAGGER_BETA" --out "$WORK/dagger$t" --no-progress > "$WORK/collect_dagger$t.log" 2>&1 & pids+=($!)
    done
  fi
  for pid in "${pids[@]}"; do wait "$pid"; done
  cat "$WORK"/collect*.log | tee -a "$OUT/pipeline.log"
  echo "EPISODES=$EPISODES EPISODES_COARSE=$EPISODES_COARSE PROCS=$PROCS SEED=$SEED DAGGER_POLICY=$DAGGER_POLICY DAGGER_EPISODES=$DAGGER_EPISODES DAGGER_FIRST=$DAGGER_FIRST DAGGER_BETA=$DAGGER_BETA" > "$WORK/collected.ok"
fi
for d in "${dirs[@]}" "${dagger_dirs[@]}"; do python3 training/check_dataset.py "$d" 2>&1 | tail -1 | tee -a "$OUT/pipeline.log"; done
python3 training/union_stats.py --key vla4j_object --out "$WORK/dataset_statistics.json" \
    --merge "$WORK/coarse/dataset_statistics.json" "${dirs[@]}" | tee -a "$OUT/pipeline.log"
# train for what is left of DEADLINE seconds (the device's per-command limit), keeping 75 s for export
ELAPSED=$(( $(date +%s) - START ))
LEFT_MIN=$(python3 -c "print(max(1.0, ($DEADLINE - $ELAPSED - 75 - 40) / 60))")
MAX_MIN=$(python3 -c "print(min($MAX_MIN, $LEFT_MIN))")
log "tokenizer"
python3 training/build_tokenizer.py --out "$WORK/tokenizer.json" | tee -a "$OUT/pipeline.log"
log "train: $EPOCHS epochs (at most $MAX_MIN min)"
python3 training/train.py --dataset "${dirs[@]}" "${dagger_dirs[@]}" --stats "$WORK/dataset_statistics.json" --unnorm-key vla4j_object \
    --tokenizer "$WORK/tokenizer.json" --out "$WORK/train" --epochs "$EPOCHS" --seed "$SEED" --max-minutes "$MAX_MIN" --batch "${BATCH:-256}" --lr "${LR:-5e-4}" \
    ${INIT_CHECKPOINT:+--init-checkpoint "$INIT_CHECKPOINT"} 2>&1 | tee -a "$OUT/pipeline.log"
log "export"
python3 training/export.py --checkpoint "$WORK/train/checkpoint.pt" --tokenizer "$WORK/tokenizer.json" \
    --stats "$WORK/dataset_statistics.json" --unnorm-key vla4j_object --dataset "${dirs[0]}" --out "$WORK/model" \
    --renderer "$RENDERER" 2>&1 | grep -v Warning | tee -a "$OUT/pipeline.log"
# the first recorded frame of task 0's first training episode as rendered here, to compare with a CPU render of the same state
python3 -c "
import pyarrow.parquet as pq, glob, sys
t = pq.read_table(sorted(glob.glob('$WORK/ds0/data/*/*.parquet'))[0]).slice(0, 1)
open('$WORK/frame0_agentview.png', 'wb').write(t.column('observation.images.agentview')[0].as_py()['bytes'])
open('$WORK/frame0_wrist.png', 'wb').write(t.column('observation.images.wrist')[0].as_py()['bytes'])
" || true
cp "$WORK/model/"{vision.onnx,model.onnx,tokenizer.json,dataset_statistics.json,config.json,golden.json} "$OUT/"
# the checkpoint travels in the tarball (the device returns at most 8 files): a later DAgger round or fine-tune starts from it
tar czf "$OUT/dataset_meta.tgz" -C "$WORK" ds0/meta/info.json ds0/meta/stats.json ds0/dataset_statistics.json coarse/meta/info.json \
    coarse/dataset_statistics.json train/train_log.jsonl train/checkpoint.pt $(cd "$WORK" && ls frame0_*.png 2>/dev/null)
log "done"
