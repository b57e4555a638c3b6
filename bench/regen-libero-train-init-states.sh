#!/usr/bin/env bash
# Regenerates vla4j's training init states of libero_object (src/main/resources/org/vla4j/sim/libero/
# train_init_states/libero_object.json) and says whether they are byte-identical to the shipped file.
# LIBERO and robosuite folders: VLA4J_LIBERO_ROOT / VLA4J_ROBOSUITE_ASSETS (default: ../shared/libero).
# Argument: the output file (default: the resource itself).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export VLA4J_LIBERO_ROOT="${VLA4J_LIBERO_ROOT:-$PWD/../shared/libero/LIBERO}"
export VLA4J_ROBOSUITE_ASSETS="${VLA4J_ROBOSUITE_ASSETS:-$PWD/../shared/libero/robosuite/robosuite/models/assets}"
./mvnw -B -q -o -DskipTests package test-compile
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/vla4j.jar:target/test-classes" org.vla4j.bench.LiberoTrainInitStatesRegen "$@"
