# LIBERO's files on a GPU machine without the installs: unpacks every carried .device/libero-<suite>.txz
# (training/pack_libero.sh) into $LIBERO_PACK_DIR (default /tmp/vla4j-libero, shared by gpu_pipeline.sh
# and gpu_eval.sh, so a machine kept warm unpacks once), checks each file against the pack's manifest.sha256,
# and exports VLA4J_LIBERO_ROOT / VLA4J_ROBOSUITE_ASSETS at the copy of suite $SUITE (or of the only suite
# unpacked) unless they are set already. Sourced by device_runtime.sh; run alone (`bash training/device_libero.sh`)
# it only unpacks: a call that carries the LIBERO pack alone leaves it for the next call on the warm machine
# (the pack and the Java runtime together exceed one call's transfer).
LIBERO_PACK_DIR="${LIBERO_PACK_DIR:-/tmp/vla4j-libero}"
for _f in .device/libero-*.txz; do
  [ -f "$_f" ] || continue
  _name="$(basename "$_f" .txz)"
  if [ ! -f "$LIBERO_PACK_DIR/$_name/.unpacked" ]; then
    mkdir -p "$LIBERO_PACK_DIR"; rm -rf "${LIBERO_PACK_DIR:?}/$_name"
    python3 -c "import tarfile, sys; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$_f" "$LIBERO_PACK_DIR"
    (cd "$LIBERO_PACK_DIR/$_name" && sha256sum --quiet -c manifest.sha256) || { echo "device_libero: $_f does not match its manifest" >&2; return 1 2>/dev/null || exit 1; }
    touch "$LIBERO_PACK_DIR/$_name/.unpacked"
    echo "device_libero: unpacked $_f into $LIBERO_PACK_DIR/$_name ($(wc -l < "$LIBERO_PACK_DIR/$_name/manifest.sha256") files, checked)"
  fi
done
_dir=""
if [ -n "${SUITE:-}" ] && [ -f "$LIBERO_PACK_DIR/libero-$SUITE/.unpacked" ]; then _dir="$LIBERO_PACK_DIR/libero-$SUITE"
elif [ "$(ls -d "$LIBERO_PACK_DIR"/libero-*/.unpacked 2>/dev/null | wc -l)" = 1 ]; then _dir="$(dirname "$(ls -d "$LIBERO_PACK_DIR"/libero-*/.unpacked)")"; fi
if [ -n "$_dir" ]; then
  export VLA4J_LIBERO_ROOT="${VLA4J_LIBERO_ROOT:-$_dir/LIBERO}"
  export VLA4J_ROBOSUITE_ASSETS="${VLA4J_ROBOSUITE_ASSETS:-$_dir/robosuite/robosuite/models/assets}"
fi
unset _f _name _dir
