#!/usr/bin/env bash
# Trains several action heads at once on one collection: the demonstrations in $WORK (gpu_pipeline.sh
# COLLECT_ONLY=1, or collected here first when COLLECT=1), one gpu_pipeline.sh per head in parallel on the
# one GPU, each in its own scratch folder $WORK-<head> that links the shared datasets. The same settings
# as gpu_pipeline.sh (SUITE, EPOCHS, BATCH, LR, DEADLINE per head, ...); HEADS (default "tokens fm oft").
# Writes $OUT/model-<head>.tgz (the model folder: graphs, tokenizer, statistics, config, golden, MODEL_CARD.md),
# $OUT/meta-<head>.tgz (dataset meta, training log, checkpoint) and $OUT/heads.log; the model folders stay
# in $WORK-<head>/model-<head> for an evaluation on the same machine.
set -uo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the folder that receives the results}"
HEADS="${HEADS:-tokens fm oft}"; BASE="${WORK:-/tmp/vla4j-work}"
mkdir -p "$OUT"
if [ "${COLLECT:-0}" = 1 ] && [ ! -f "$BASE/collected.ok" ]; then
  env WORK="$BASE" OUT="$BASE/collect-out" COLLECT_ONLY=1 bash training/gpu_pipeline.sh > "$OUT/heads.log" 2>&1 || { tail -20 "$OUT/heads.log"; exit 1; }
fi
[ -f "$BASE/collected.ok" ] || { echo "no collection in $BASE: run gpu_pipeline.sh COLLECT_ONLY=1 (or COLLECT=1) first" >&2; exit 2; }
declare -A pid
for h in $HEADS; do
  W="$BASE-$h"; mkdir -p "$W"
  for d in "$BASE"/ds*; do ln -sfn "$d" "$W/$(basename "$d")"; done
  cp "$BASE/collected.ok" "$W/"; [ -f "$BASE/collected.dirs" ] && cp "$BASE/collected.dirs" "$W/"
  hz=16; [ "$h" = oft ] && hz=8
  env WORK="$W" OUT="$W/out" HEAD="$h" HORIZON="${HORIZON:-$hz}" bash training/gpu_pipeline.sh > "$W/pipeline.out" 2>&1 &
  pid[$h]=$!
done
for h in $HEADS; do
  W="$BASE-$h"
  if wait "${pid[$h]}"; then rc=0; else rc=$?; fi
  { echo "== $h: rc $rc"; grep -v '^{"step"' "$W/pipeline.out" | tail -12; grep '^{"step"\|"epoch"' "$W/pipeline.out" | tail -2; } >> "$OUT/heads.log"
  [ "$rc" = 0 ] || continue
  if [ "$h" = tokens ]; then
    mkdir -p "$W/model-tokens"
    cp "$W/out/"{vision.onnx,model.onnx,tokenizer.json,dataset_statistics.json,config.json,golden.json} "$W/model-tokens/"
    tar xzf "$W/out/dataset_meta.tgz" -C "$W/model-tokens" MODEL_CARD.md 2>/dev/null || true
    tar czf "$OUT/model-tokens.tgz" -C "$W" model-tokens
  else
    cp "$W/out/model.tgz" "$OUT/model-$h.tgz"
  fi
  cp "$W/out/dataset_meta.tgz" "$OUT/meta-$h.tgz"
done
cat "$OUT/heads.log"
