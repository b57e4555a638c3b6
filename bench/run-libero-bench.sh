#!/usr/bin/env bash
# vla4j's LIBERO env step on the real libero_object scene (task 0, init state 0), without cameras and with
# agentview + wrist at 128 and 256 rendered as robosuite renders them, and the cost of one 128x128 frame
# under other render settings. The Python figures it is set beside come from the reference runs of the
# real LIBERO (shared/libero/reference/libero_object/timing.json); bench/run-libero-side-by-side.sh runs the Python
# peer of robosuite's loop (bench/python/libero_step.py) beside it in one run and prints the ratios.
# LIBERO and robosuite folders: --libero-root/--robosuite-assets as arguments, or VLA4J_LIBERO_ROOT /
# VLA4J_ROBOSUITE_ASSETS, or python3's packages; default here: ../shared/libero beside the project.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export VLA4J_LIBERO_ROOT="${VLA4J_LIBERO_ROOT:-$PWD/../shared/libero/LIBERO}"
export VLA4J_ROBOSUITE_ASSETS="${VLA4J_ROBOSUITE_ASSETS:-$PWD/../shared/libero/robosuite/robosuite/models/assets}"
./mvnw -B -q -o -DskipTests package test-compile
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/vla4j.jar:target/test-classes" org.vla4j.bench.LiberoStepBench "$@"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
