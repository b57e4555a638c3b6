#!/usr/bin/env bash
# Packs the files of a LIBERO and a robosuite 1.4.x install that one LIBERO suite reads, for a GPU machine
# without them (training/README.md, "LIBERO-Object"): the list comes from the Java composer itself
# (`vla4j sim assets --suite S --list`: every task's BDDL and init file, every MJCF file the scene composer
# loads, every mesh and texture the composed scenes name), the files are copied unchanged.
#   [SUITE=libero_object] [VLA4J_LIBERO_ROOT=DIR VLA4J_ROBOSUITE_ASSETS=DIR] [JAR=target/vla4j.jar] training/pack_libero.sh [OUT.txz]
# Writes OUT (default .device/libero-<suite>.txz, xz -9): one folder libero-<suite>/ laid out as
# ../shared/libero (LIBERO/libero/libero/... and robosuite/robosuite/models/assets/...) with manifest.sha256
# (sha256sum of every file, relative to that folder). training/device_runtime.sh unpacks it and points
# VLA4J_LIBERO_ROOT / VLA4J_ROBOSUITE_ASSETS at it. The folders default to this project's ../shared/libero.
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE="${SUITE:-libero_object}"
OUT="${1:-.device/libero-$SUITE.txz}"
LIBERO_ROOT="$(realpath -e "${VLA4J_LIBERO_ROOT:-../shared/libero/LIBERO}")"
ROBOSUITE="$(realpath -e "${VLA4J_ROBOSUITE_ASSETS:-../shared/libero/robosuite/robosuite/models/assets}")"
NAME="libero-$SUITE"
S="$(mktemp -d)"; trap 'rm -rf "$S"' EXIT
if [ -n "${JAR:-}" ]; then run() { java --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"; }; else run() { ./vla4j "$@"; }; fi
run sim assets --suite "$SUITE" --libero-root "$LIBERO_ROOT" --robosuite-assets "$ROBOSUITE" --list > "$S/files.txt"
mkdir -p "$S/$NAME"
# each file at its place in the shared layout: LIBERO/<path under the LIBERO root>, robosuite/robosuite/models/assets/<...>
while IFS= read -r f; do
  case "$f" in
    "$LIBERO_ROOT"/*) rel="LIBERO/${f#"$LIBERO_ROOT"/}" ;;
    "$ROBOSUITE"/*) rel="robosuite/robosuite/models/assets/${f#"$ROBOSUITE"/}" ;;
    *) echo "pack_libero: $f is under neither $LIBERO_ROOT nor $ROBOSUITE" >&2; exit 1 ;;
  esac
  mkdir -p "$S/$NAME/$(dirname "$rel")"
  cp -p "$f" "$S/$NAME/$rel"
done < "$S/files.txt"
(cd "$S/$NAME" && find . -type f ! -name manifest.sha256 | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum > manifest.sha256)
mkdir -p "$(dirname "$OUT")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - -C "$S" "$NAME" | xz -9 -T"${XZ_THREADS:-2}" > "$OUT.part"
mv "$OUT.part" "$OUT"
n=$(wc -l < "$S/files.txt"); raw=$(du -sb "$S/$NAME" | cut -f1)
echo "wrote $OUT: $n files of suite $SUITE, $(python3 -c "print(f'{$raw/1e6:.1f} MB unpacked, {$(stat -c %s "$OUT")/1e6:.1f} MB packed')")"
