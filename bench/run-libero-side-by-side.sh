#!/usr/bin/env bash
# vla4j's LIBERO env step and the Python peer of robosuite's (bench/python/libero_step.py), side by side in
# one run: ROUNDS alternations (vla4j first on odd rounds, Python first on even ones) of the same figures on
# the same scene (libero_object task 0, init state 0, the reference's 50 actions), then each figure's
# median per side and the ratio Python / vla4j. The machine's load average is printed before and after.
#
# Usage: bench/run-libero-side-by-side.sh [--rounds 3] [--modes none,raw,replay,cams128,cams256,frames]
#        [--reps 5] [--episodes 10] [--out FILE.jsonl]   (SKIP_BUILD=1: use the jar and test classes already built)
# Needs: a Python with mujoco 3.14.0 and numpy (PYTHON, default /work/venv-libero/bin/python; set it up with
#   python3 -m venv VENV && VENV/bin/pip install mujoco==3.14.0 numpy), MUJOCO_GL=egl (Mesa llvmpipe here),
#   and the LIBERO files (VLA4J_LIBERO_ROOT / VLA4J_ROBOSUITE_ASSETS, default ../shared/libero; the Python
#   peer reads ../shared/libero/reference/libero_object, or LIBERO_REFERENCE).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
modes=none,raw,replay,cams128,cams256,frames
reps=5
episodes=10
out=target/libero-side-by-side.jsonl
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --episodes) episodes="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument $1; valid: --rounds N, --modes LIST, --reps N, --episodes N, --out FILE" >&2; exit 2 ;;
  esac
done
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export VLA4J_LIBERO_ROOT="${VLA4J_LIBERO_ROOT:-$PWD/../shared/libero/LIBERO}"
export VLA4J_ROBOSUITE_ASSETS="${VLA4J_ROBOSUITE_ASSETS:-$PWD/../shared/libero/robosuite/robosuite/models/assets}"
export MUJOCO_GL=egl
PYTHON="${PYTHON:-/work/venv-libero/bin/python}"
REFERENCE="${LIBERO_REFERENCE:-$PWD/../shared/libero/reference/libero_object}"
if [[ ! -x "$PYTHON" ]]; then echo "PYTHON=$PYTHON is not an executable Python with mujoco 3.14.0 and numpy" >&2; exit 2; fi
[[ "${SKIP_BUILD:-0}" == 1 ]] || ./mvnw -B -q -o -DskipTests package test-compile
mkdir -p "$(dirname "$out")"
: > "$out"
tag() { sed -u "s/^{/{\"round\":$1,/" | tee -a "$out"; }
java_bench() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/vla4j.jar:target/test-classes" org.vla4j.bench.LiberoStepBench \
    --modes "$modes" --reps "$reps" --episodes "$episodes" | tag "$1"
}
python_bench() {
  "$PYTHON" bench/python/libero_step.py --reference "$REFERENCE" --modes "$modes" --reps "$reps" --episodes "$episodes" | tag "$1"
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# mujoco (python) $("$PYTHON" -c 'import mujoco; print(mujoco.__version__)'), numpy $("$PYTHON" -c 'import numpy; print(numpy.__version__)'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
for ((r = 1; r <= rounds; r++)); do
  echo "# round $r, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if ((r % 2 == 1)); then java_bench "$r"; python_bench "$r"; else python_bench "$r"; java_bench "$r"; fi
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# medians over $rounds rounds; ratio = Python / vla4j (above 1: vla4j faster)"
python3 bench/python/side_by_side.py "$out" --markdown
