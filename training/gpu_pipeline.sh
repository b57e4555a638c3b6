#!/usr/bin/env bash
# One-command retraining of the shipped TinyVLA on a GPU machine without Java (see training/README.md):
# demonstrations with the Java simulator (carried jlink runtime + jar + libmujoco), LeRobot dataset,
# statistics with two keys, tokenizer, training, ONNX export and checks. Everything it keeps goes to $OUT.
#   EPISODES=150 EPISODES_COARSE=20 EPOCHS=20 MAX_MIN=5 WORKERS=16 SEED=0 training/gpu_pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"
EPISODES="${EPISODES:-150}"; EPISODES_COARSE="${EPISODES_COARSE:-20}"; EPOCHS="${EPOCHS:-20}"
MAX_MIN="${MAX_MIN:-1000}"; WORKERS="${WORKERS:-$(nproc)}"; SEED="${SEED:-0}"; WORK="${WORK:-/tmp/vla4j-work}"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/pipeline.log"; }
mkdir -p "$WORK" "$OUT"
if [ -d .gl ]; then for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
[ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ] && export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
tar xzf .device/jre.tgz -C "$WORK"
JAVA="$(ls -d "$WORK"/jre*/bin/java | head -1)"
export MUJOCO_LIB="$PWD/.device/libmujoco.so.3.14.0"
vla4j() { "$JAVA" --enable-native-access=ALL-UNNAMED -jar .device/vla4j.jar "$@"; }
vla4j sim info 2>&1 | tee -a "$OUT/pipeline.log"
RENDERER="$(vla4j sim info 2>/dev/null | sed -n 's/^OpenGL *//p')"
log "collect: $EPISODES episodes per task, $WORKERS workers"
vla4j collect --episodes-per-task "$EPISODES" --seed "$SEED" --workers "$WORKERS" --out "$WORK/ds" --no-progress 2>&1 | tee -a "$OUT/pipeline.log"
log "collect (coarse controller, input_max 4, for the second statistics key): $EPISODES_COARSE episodes per task"
vla4j collect --episodes-per-task "$EPISODES_COARSE" --seed "$SEED" --workers "$WORKERS" --controller-input-max 4 \
    --dataset-key vla4j_object_coarse --out "$WORK/ds4" --no-progress 2>&1 | tee -a "$OUT/pipeline.log"
vla4j stats merge "$WORK/ds/dataset_statistics.json" "$WORK/ds4/dataset_statistics.json" --out "$WORK/dataset_statistics.json" 2>&1 | tee -a "$OUT/pipeline.log"
python3 training/check_dataset.py "$WORK/ds" 2>&1 | tail -3 | tee -a "$OUT/pipeline.log" || log "check_dataset.py failed (see above)"
log "tokenizer"
python3 training/build_tokenizer.py --out "$WORK/tokenizer.json" | tee -a "$OUT/pipeline.log"
log "train: $EPOCHS epochs (at most $MAX_MIN min)"
python3 training/train.py --dataset "$WORK/ds" --stats "$WORK/dataset_statistics.json" --unnorm-key vla4j_object \
    --tokenizer "$WORK/tokenizer.json" --out "$WORK/train" --epochs "$EPOCHS" --seed "$SEED" --max-minutes "$MAX_MIN" 2>&1 | tee -a "$OUT/pipeline.log"
log "export"
python3 training/export.py --checkpoint "$WORK/train/checkpoint.pt" --tokenizer "$WORK/tokenizer.json" \
    --stats "$WORK/dataset_statistics.json" --unnorm-key vla4j_object --dataset "$WORK/ds" --out "$WORK/model" \
    --renderer "$RENDERER" 2>&1 | grep -v Warning | tee -a "$OUT/pipeline.log"
cp "$WORK/model/"{vision.onnx,model.onnx,tokenizer.json,dataset_statistics.json,config.json,golden.json} "$OUT/"
tar czf "$OUT/dataset_meta.tgz" -C "$WORK" ds/meta/info.json ds/meta/stats.json ds/dataset_statistics.json ds4/meta/info.json train/train_log.jsonl
log "done"
