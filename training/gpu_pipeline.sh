#!/usr/bin/env bash
# One-command retraining of the shipped TinyVLA on a GPU machine without Java (see training/README.md):
# demonstrations with the Java simulator (carried jlink runtime + jar + libmujoco), LeRobot datasets,
# statistics with two keys, tokenizer, training, ONNX export and checks. Everything it keeps goes to $OUT.
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
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/pipeline.log"; }
mkdir -p "$WORK" "$OUT"
START=$(date +%s); DEADLINE="${DEADLINE:-100000}"
if [ -d .gl ]; then for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
[ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ] && export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
tar xzf .device/jre.tgz -C "$WORK"
JAVA="$(ls -d "$WORK"/jre*/bin/java | head -1)"
export MUJOCO_LIB="$PWD/.device/libmujoco.so.3.14.0"
vla4j() { "$JAVA" --enable-native-access=ALL-UNNAMED -jar .device/vla4j.jar "$@"; }
vla4j sim info 2>&1 | tee -a "$OUT/pipeline.log"
python3 -c "import cv2" 2>/dev/null && log "python: cv2 available" || log "python: no cv2 (PIL decodes)"
RENDERER="$(vla4j sim info 2>/dev/null | sed -n 's/^OpenGL *//p')"
log "collect: $EPISODES episodes per task in $PROCS processes x $WORKERS workers; coarse controller (input_max 4): $EPISODES_COARSE per task"
pids=(); dirs=()
for p in $(seq 0 $((PROCS - 1))); do
  tasks="$(seq $p "$PROCS" 9 | paste -sd,)"
  vla4j collect --tasks "$tasks" --episodes-per-task "$EPISODES" --seed "$SEED" --workers "$WORKERS" --out "$WORK/ds$p" --no-progress \
      > "$WORK/collect$p.log" 2>&1 & pids+=($!); dirs+=("$WORK/ds$p")
done
vla4j collect --episodes-per-task "$EPISODES_COARSE" --seed "$SEED" --workers 2 --controller-input-max 4 \
    --dataset-key vla4j_object_coarse --out "$WORK/coarse" --no-progress > "$WORK/collect_coarse.log" 2>&1 & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
cat "$WORK"/collect*.log | tee -a "$OUT/pipeline.log"
for d in "${dirs[@]}"; do python3 training/check_dataset.py "$d" 2>&1 | tail -1 | tee -a "$OUT/pipeline.log"; done
python3 training/union_stats.py --key vla4j_object --out "$WORK/dataset_statistics.json" \
    --merge "$WORK/coarse/dataset_statistics.json" "${dirs[@]}" | tee -a "$OUT/pipeline.log"
# train for what is left of DEADLINE seconds (the device's per-command limit), keeping 75 s for export
ELAPSED=$(( $(date +%s) - START ))
LEFT_MIN=$(python3 -c "print(max(1.0, ($DEADLINE - $ELAPSED - 75 - 40) / 60))")
MAX_MIN=$(python3 -c "print(min($MAX_MIN, $LEFT_MIN))")
log "tokenizer"
python3 training/build_tokenizer.py --out "$WORK/tokenizer.json" | tee -a "$OUT/pipeline.log"
log "train: $EPOCHS epochs (at most $MAX_MIN min)"
python3 training/train.py --dataset "${dirs[@]}" --stats "$WORK/dataset_statistics.json" --unnorm-key vla4j_object \
    --tokenizer "$WORK/tokenizer.json" --out "$WORK/train" --epochs "$EPOCHS" --seed "$SEED" --max-minutes "$MAX_MIN" --batch "${BATCH:-256}" --lr "${LR:-5e-4}" 2>&1 | tee -a "$OUT/pipeline.log"
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
tar czf "$OUT/dataset_meta.tgz" -C "$WORK" ds0/meta/info.json ds0/meta/stats.json ds0/dataset_statistics.json coarse/meta/info.json \
    coarse/dataset_statistics.json train/train_log.jsonl $(cd "$WORK" && ls frame0_*.png 2>/dev/null)
log "done"
