#!/usr/bin/env bash
# Control-step throughput of the Java loop vs MuJoCo's own Python bindings (the peer), on the same
# scene, controller and action sequence; with and without one 128x128 agentview frame per step.
# Needs the Python peer's venv: python3 -m venv /tmp/mjvenv && /tmp/mjvenv/bin/pip install mujoco==3.14.0 numpy
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PEER_PYTHON:-/tmp/mjvenv/bin/python}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -DskipTests test-compile
CP="target/classes:target/test-classes:$(find ~/.m2/repository/com/fasterxml/jackson/core -name '*2.20.1.jar' | tr '\n' ':')"
for r in none agentview; do
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" org.vla4j.bench.SimStepBench --render "$r" --json
  MUJOCO_GL=egl "$PY" bench/python/peer_step.py --render "$r" --json
done
