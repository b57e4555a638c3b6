#!/usr/bin/env bash
# One-command retraining of the shipped TinyVLA on a GPU machine without Java (see training/README.md):
# demonstrations with the Java simulator (carried jlink runtime + jar + libmujoco), LeRobot datasets,
# statistics with two keys, tokenizer, training, ONNX export and checks. Everything it keeps goes to $OUT.
# With DAGGER_POLICY (a model folder) it also runs a DAgger round: that policy drives DAGGER_EPISODES
# episodes per task from TRAIN init state DAGGER_FIRST on, the expert labels every step, and the
# model trains on demonstrations and DAgger data together (statistics from the demonstrations only).
# DAgger's aggregate of several rounds: DAGGER_POLICY, DAGGER_FIRST and DAGGER_EPISODES may each hold
# one entry per driver, separated by spaces (e.g. "models/tiny-vla .device/driver-r1", "2000 1000",
# "80 50"); every driver's episodes go into the training set. Init-state ranges should not overlap.
# Collection can be split over calls of a machine kept warm: COLLECT_ONLY=1 stops after collecting,
# DAGGER_PARTS (driver indices, e.g. "1") collects only those drivers in this call; each finished part
# leaves a marker in $WORK (collected.ok for the demonstrations, dagger<i>.ok per driver).
# INIT_CHECKPOINT (a checkpoint.pt, e.g. from the previous run's dataset_meta.tgz) starts training from
# its weights instead of a random init; KEEP_STATS (that run's dataset_statistics.json) keeps its action bins.
# HEAD=fm trains TinyVLA-FM instead (training/tiny_vla_fm.py: the same data, a pi0-style flow-matching head over
# chunks of HORIZON actions, default 16; FM_STEPS Euler steps, default 10) and exports it with export_fm.py; $OUT then
# holds model.tgz (the model folder for models/tiny-vla-fm, with a MODEL_CARD.md template), config.json and golden.json.
# HEAD=oft trains TinyVLA-OFT instead (training/tiny_vla_oft.py: the same data, vision and prompt boxes, OpenVLA-OFT's
# parallel decoding of a chunk of HORIZON actions, default 8, with an L1 regression head) and exports it with
# export_oft.py; $OUT then holds model.tgz (the model folder for models/tiny-vla-oft, with a filled-in MODEL_CARD.md
# template), config.json and golden.json.
# The collection is skipped when $WORK/collected.ok exists (a second call on a machine still warm
# spends its whole DEADLINE on training).
#   OUT=... EPISODES=80 EPISODES_COARSE=3 EPOCHS=20 MAX_MIN=4.5 PROCS=5 WORKERS=3 SEED=0 DEADLINE=560 training/gpu_pipeline.sh
# SUITE (default object) names the suite: libero_object collects on LIBERO-Object (the files from a carried
# .device/libero-libero_object.txz, training/pack_libero.sh), keys the statistics vla4j_<suite>, builds the tokenizer
# on the datasets' instructions too, and exports a model whose config.json says the suite (MODEL_NAME, default
# tiny-vla-libero) with MODEL_CARD.md (in dataset_meta.tgz) from training/MODEL_CARD_libero.md; no coarse key
# (EPISODES_COARSE defaults to 0 there: 0 skips the coarse collection on any suite).
# DEADLINE (seconds) caps the whole run: training gets what collection leaves (the step budget is
# then fixed after epoch 1 from the measured speed and logged, see train.py).
# Collection runs as PROCS processes (tasks split between them) of WORKERS threads each: measured on
# an H200 machine, one process rendered 183 frames/s with 4 worker threads but only 60 with 16
# (NVIDIA's GL driver serializes rendering threads of one process).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"
SUITE="${SUITE:-object}"; KEY="vla4j_$SUITE"
if [ "$SUITE" = object ]; then MODEL_NAME="${MODEL_NAME:-tiny-vla}"; EPISODES_COARSE="${EPISODES_COARSE:-3}"
else MODEL_NAME="${MODEL_NAME:-tiny-vla-libero}"; EPISODES_COARSE="${EPISODES_COARSE:-0}"; fi
EPISODES="${EPISODES:-80}"; EPOCHS="${EPOCHS:-20}"
MAX_MIN="${MAX_MIN:-1000}"; PROCS="${PROCS:-5}"; WORKERS="${WORKERS:-3}"; SEED="${SEED:-0}"; WORK="${WORK:-/tmp/vla4j-work}"
DAGGER_POLICY="${DAGGER_POLICY:-}"; DAGGER_EPISODES="${DAGGER_EPISODES:-60}"; DAGGER_FIRST="${DAGGER_FIRST:-1000}"; DAGGER_BETA="${DAGGER_BETA:-0}"; DAGGER_WORKERS="${DAGGER_WORKERS:-1}"
read -ra drivers <<< "$DAGGER_POLICY"; read -ra firsts <<< "$DAGGER_FIRST"; read -ra dagger_eps <<< "$DAGGER_EPISODES"
for i in "${!drivers[@]}"; do  # one value for all drivers, or one per driver
  [ -n "${firsts[$i]:-}" ] || { echo "DAGGER_FIRST needs one init state per driver in DAGGER_POLICY (${#drivers[@]}), got: $DAGGER_FIRST" >&2; exit 2; }
  dagger_eps[$i]="${dagger_eps[$i]:-${dagger_eps[0]}}"
done
DAGGER_PARTS="${DAGGER_PARTS:-${!drivers[*]}}"
read -ra task_ids <<< "${TASKS:-0 1 2 3 4 5 6 7 8 9}"  # TASKS: a subset for a quick check, e.g. TASKS=0
# SPLIT=TASK:K collects one slow task in K processes of its own over consecutive TRAIN init-state ranges
# (datasets ds-s<TASK>-<k>): on llvmpipe, LIBERO-Object's task 1 alone outlasted a call; the other tasks
# go round robin over PROCS processes as before
split_task=""; split_k=0
if [ -n "${SPLIT:-}" ]; then
  [[ "$SPLIT" =~ ^([0-9]+):([1-9][0-9]*)$ ]] || { echo "SPLIT must be TASK:K (e.g. 1:3), got: $SPLIT" >&2; exit 2; }
  split_task="${BASH_REMATCH[1]}"; split_k="${BASH_REMATCH[2]}"
  [[ " ${task_ids[*]} " == *" $split_task "* ]] || { echo "SPLIT names task $split_task, not in TASKS (${task_ids[*]})" >&2; exit 2; }
  [ "$EPISODES" -ge "$split_k" ] || { echo "SPLIT $SPLIT: $EPISODES episodes cannot fill $split_k processes" >&2; exit 2; }
fi
rr_tasks=(); for t in "${task_ids[@]}"; do [ "$t" = "$split_task" ] || rr_tasks+=("$t"); done
[ "$PROCS" -le "${#rr_tasks[@]}" ] || PROCS="${#rr_tasks[@]}"  # at most one collection process per task
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/pipeline.log"; }
mkdir -p "$WORK" "$OUT"
START=$(date +%s); DEADLINE="${DEADLINE:-100000}"
source training/device_runtime.sh
vla4j sim info 2>&1 | tee -a "$OUT/pipeline.log"
python3 -c "import cv2" 2>/dev/null && log "python: cv2 available" || log "python: no cv2 (PIL decodes)"
dirs=(); for p in $(seq 0 $((PROCS - 1))); do dirs+=("$WORK/ds$p"); done
for k in $(seq 0 $((split_k - 1))); do dirs+=("$WORK/ds-s$split_task-$k"); done
if [ -f "$WORK/collected.ok" ] && [ -f "$WORK/collected.dirs" ]; then  # the collection's own list (its PROCS and SPLIT)
  dirs=(); while read -r d; do dirs+=("$WORK/$d"); done < "$WORK/collected.dirs"
fi
part_dirs() { for t in "${task_ids[@]}"; do echo "$WORK/dagger${1}_$t"; done; }  # driver $1's datasets, one per task
dagger_dirs=(); for i in "${!drivers[@]}"; do mapfile -t -O "${#dagger_dirs[@]}" dagger_dirs < <(part_dirs "$i"); done
pids=()
if [ -f "$WORK/collected.ok" ]; then
  log "collect: reusing the demonstrations in $WORK (collected.ok; same settings: $(cat "$WORK/collected.ok"))"
else
  log "collect: suite $SUITE, $EPISODES episodes per task in $PROCS processes x $WORKERS workers; coarse controller (input_max 4): $EPISODES_COARSE per task"
  for p in $(seq 0 $((PROCS - 1))); do
    tasks="$(for k in $(seq $p "$PROCS" $((${#rr_tasks[@]} - 1))); do echo "${rr_tasks[$k]}"; done | paste -sd,)"
    vla4j collect --suite "$SUITE" --tasks "$tasks" --episodes-per-task "$EPISODES" --seed "$SEED" --workers "$WORKERS" --out "$WORK/ds$p" --no-progress \
        > "$WORK/collect$p.log" 2>&1 & pids+=($!)
  done
  first=0
  for k in $(seq 0 $((split_k - 1))); do
    n=$(( EPISODES / split_k + (k < EPISODES % split_k ? 1 : 0) ))
    log "collect: task $split_task part $k: $n episodes from TRAIN init state $first"
    vla4j collect --suite "$SUITE" --tasks "$split_task" --episodes-per-task "$n" --first-init-state "$first" --seed "$SEED" --workers "$WORKERS" \
        --out "$WORK/ds-s$split_task-$k" --no-progress > "$WORK/collect-s$k.log" 2>&1 & pids+=($!)
    first=$(( first + n ))
  done
  if [ "$EPISODES_COARSE" -gt 0 ]; then
    vla4j collect --suite "$SUITE" --tasks "$(IFS=,; echo "${task_ids[*]}")" --episodes-per-task "$EPISODES_COARSE" --seed "$SEED" --workers 2 --controller-input-max 4 \
        --unnorm-key "${KEY}_coarse" --out "$WORK/coarse" --no-progress > "$WORK/collect_coarse.log" 2>&1 & pids+=($!)
  fi
fi
collecting=()
for i in $DAGGER_PARTS; do
  [ -n "${drivers[$i]:-}" ] || { echo "DAGGER_PARTS names driver $i, DAGGER_POLICY has ${#drivers[@]}" >&2; exit 2; }
  if [ -f "$WORK/dagger$i.ok" ]; then log "collect: reusing DAgger part $i ($(cat "$WORK/dagger$i.ok"))"; continue; fi
  # DAgger (arXiv:1011.0686): the policy drives on its own TRAIN init states, the expert labels; one process per
  # task with DAGGER_WORKERS episodes in parallel (one ONNX Runtime thread each; with 1, ten processes used
  # ten of the H100 machine's 16 cores at ~52 frames/s each)
  log "collect: DAgger part $i with ${drivers[$i]}, ${dagger_eps[$i]} episodes per task from TRAIN init state ${firsts[$i]}, beta $DAGGER_BETA"
  for t in "${task_ids[@]}"; do
    vla4j collect --suite "$SUITE" --tasks "$t" --episodes-per-task "${dagger_eps[$i]}" --first-init-state "${firsts[$i]}" --seed "$SEED" --workers "$DAGGER_WORKERS" \
        --dagger-policy "${drivers[$i]}" --dagger-beta "$DAGGER_BETA" --out "$WORK/dagger${i}_$t" --no-progress > "$WORK/collect_dagger${i}_$t.log" 2>&1 & pids+=($!)
  done
  collecting+=("$i")
done
for pid in "${pids[@]}"; do wait "$pid"; done
if [ ! -f "$WORK/collected.ok" ]; then
  cat "$WORK"/collect[0-9]*.log $([ "$split_k" -gt 0 ] && echo "$WORK"/collect-s*.log) $([ "$EPISODES_COARSE" -gt 0 ] && echo "$WORK/collect_coarse.log") | tee -a "$OUT/pipeline.log"
  for d in "${dirs[@]}"; do basename "$d"; done > "$WORK/collected.dirs"
  echo "SUITE=$SUITE TASKS=${task_ids[*]} EPISODES=$EPISODES EPISODES_COARSE=$EPISODES_COARSE PROCS=$PROCS SPLIT=${SPLIT:-} SEED=$SEED" > "$WORK/collected.ok"
fi
for i in "${collecting[@]}"; do
  cat "$WORK"/collect_dagger${i}_*.log | tee -a "$OUT/pipeline.log"
  echo "DAGGER_POLICY=${drivers[$i]} DAGGER_EPISODES=${dagger_eps[$i]} DAGGER_FIRST=${firsts[$i]} DAGGER_BETA=$DAGGER_BETA SEED=$SEED" > "$WORK/dagger$i.ok"
done
# LeRobot layout and statistics checks, in parallel, once per dataset (a dataset that passed keeps a
# .checked file: checked one by one, the 30 datasets of two DAgger parts and the statistics merge after
# them took ~160 s of a training call)
check() { [ -f "$1/.checked" ] && return 0; python3 training/check_dataset.py "$1" > "$1/.check.log" 2>&1 && mv "$1/.check.log" "$1/.checked"; }
export -f check
check_all() {
  printf '%s\n' "$@" | xargs -P "$(nproc)" -I{} bash -c 'check {} || { tail -3 {}/.check.log; exit 255; }'
  for d in "$@"; do tail -1 "$d/.checked" | tee -a "$OUT/pipeline.log"; done
}
if [ "${COLLECT_ONLY:-0}" = 1 ]; then
  collected=("${dirs[@]}"); for i in "${!drivers[@]}"; do [ -f "$WORK/dagger$i.ok" ] && mapfile -t -O "${#collected[@]}" collected < <(part_dirs "$i"); done
  check_all "${collected[@]}"
  log "collect: done (COLLECT_ONLY)"; exit 0
fi
for i in "${!drivers[@]}"; do
  [ -f "$WORK/dagger$i.ok" ] || { echo "DAgger part $i (${drivers[$i]}) is not collected in $WORK: run with DAGGER_PARTS=$i first" >&2; exit 2; }
done
check_all "${dirs[@]}" "${dagger_dirs[@]}"
if [ -n "${KEEP_STATS:-}" ]; then
  # fine-tuning: keep the statistics (and so the action bins) the INIT_CHECKPOINT was trained with
  cp "$KEEP_STATS" "$WORK/dataset_statistics.json"; log "statistics: kept $KEEP_STATS"
else
  python3 training/union_stats.py --key "$KEY" --out "$WORK/dataset_statistics.json" \
      $([ -f "$WORK/coarse/dataset_statistics.json" ] && echo --merge "$WORK/coarse/dataset_statistics.json") "${dirs[@]}" | tee -a "$OUT/pipeline.log"
fi
# train for what is left of DEADLINE seconds (the device's per-command limit), keeping 75 s for export
ELAPSED=$(( $(date +%s) - START ))
LEFT_MIN=$(python3 -c "print(max(1.0, ($DEADLINE - $ELAPSED - 75 - 40) / 60))")
MAX_MIN=$(python3 -c "print(min($MAX_MIN, $LEFT_MIN))")
log "tokenizer"
# suite object: the shipped tokenizer's corpus as it was; other suites add their datasets' instructions (e.g. LIBERO's BDDL :language)
python3 training/build_tokenizer.py --out "$WORK/tokenizer.json" $([ "$SUITE" != object ] && echo --dataset "${dirs[@]}") | tee -a "$OUT/pipeline.log"
log "train: $EPOCHS epochs (at most $MAX_MIN min)"
python3 training/train.py --dataset "${dirs[@]}" "${dagger_dirs[@]}" --stats "$WORK/dataset_statistics.json" --unnorm-key "$KEY" \
    --tokenizer "$WORK/tokenizer.json" --out "$WORK/train" --epochs "$EPOCHS" --seed "$SEED" --max-minutes "$MAX_MIN" --batch "${BATCH:-256}" --lr "${LR:-5e-4}" \
    ${INIT_CHECKPOINT:+--init-checkpoint "$INIT_CHECKPOINT"} --head "${HEAD:-tokens}" --horizon "${HORIZON:-$([ "${HEAD:-tokens}" = oft ] && echo 8 || echo 16)}" --fm-steps "${FM_STEPS:-10}" \
    --fm-noise-samples "${FM_NOISE_SAMPLES:-1}" 2>&1 | tee -a "$OUT/pipeline.log"
log "export"
HEAD="${HEAD:-tokens}"
if [ "$HEAD" = oft ] || [ "$HEAD" = fm ]; then  # a chunk head: its own export script, the model folder as one tarball
  python3 "training/export_$HEAD.py" --checkpoint "$WORK/train/checkpoint.pt" --tokenizer "$WORK/tokenizer.json" \
      --stats "$WORK/dataset_statistics.json" --unnorm-key "$KEY" --dataset "${dirs[0]}" --out "$WORK/model-$HEAD" \
      --suite "$SUITE" --name "$MODEL_NAME-$HEAD" --renderer "$RENDERER" --train-log "$WORK/train/train_log.jsonl" 2>&1 | grep -v Warning | tee -a "$OUT/pipeline.log"
  cp "$WORK/model-$HEAD/"{config.json,golden.json} "$OUT/"
  tar czf "$OUT/model.tgz" -C "$WORK" "model-$HEAD"
  tar czf "$OUT/dataset_meta.tgz" -C "$WORK" ds0/meta/info.json ds0/dataset_statistics.json train/train_log.jsonl train/checkpoint.pt
  log "done"; exit 0
fi
python3 training/export.py --checkpoint "$WORK/train/checkpoint.pt" --tokenizer "$WORK/tokenizer.json" \
    --stats "$WORK/dataset_statistics.json" --unnorm-key "$KEY" --dataset "${dirs[0]}" --out "$WORK/model" \
    --renderer "$RENDERER" --suite "$SUITE" --name "$MODEL_NAME" 2>&1 | grep -v Warning | tee -a "$OUT/pipeline.log"
# the first recorded frame of task 0's first training episode as rendered here, to compare with a CPU render of the same state
python3 -c "
import pyarrow.parquet as pq, glob, sys
t = pq.read_table(sorted(glob.glob('$WORK/ds0/data/*/*.parquet'))[0]).slice(0, 1)
open('$WORK/frame0_agentview.png', 'wb').write(t.column('observation.images.agentview')[0].as_py()['bytes'])
open('$WORK/frame0_wrist.png', 'wb').write(t.column('observation.images.wrist')[0].as_py()['bytes'])
" || true
card=()
if [ "$SUITE" != object ]; then  # the model card of a LIBERO model: renderer, render settings, the assets' stand-ins
  python3 training/model_card.py --model "$WORK/model" --template training/MODEL_CARD_libero.md \
      --dataset "${dirs[0]}" --assets-manifest "${VLA4J_LIBERO_ROOT:-.}/../manifest.sha256" --out "$WORK/MODEL_CARD.md" && card=(MODEL_CARD.md)
fi
cp "$WORK/model/"{vision.onnx,model.onnx,tokenizer.json,dataset_statistics.json,config.json,golden.json} "$OUT/"
# the checkpoint travels in the tarball (the device returns at most 8 files): a later DAgger round or fine-tune starts from it
tar czf "$OUT/dataset_meta.tgz" -C "$WORK" ds0/meta/info.json ds0/meta/stats.json ds0/dataset_statistics.json \
    $(cd "$WORK" && ls coarse/meta/info.json coarse/dataset_statistics.json 2>/dev/null) train/train_log.jsonl train/checkpoint.pt \
    "${card[@]}" $(cd "$WORK" && ls frame0_*.png 2>/dev/null)
log "done"
