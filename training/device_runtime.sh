# Sourced by gpu_pipeline.sh and gpu_eval.sh: unpacks the carried Java runtime and MuJoCo library
# (xz-packed to fit the device's 64 MiB transfer; the older .tgz/.so forms still work), loads the
# carried GL loader packages (and with RENDER=mesa Mesa's llvmpipe from .mesa/*.deb), unpacks a carried LIBERO pack (training/device_libero.sh: exports VLA4J_LIBERO_ROOT
# and VLA4J_ROBOSUITE_ASSETS) and defines `vla4j` (the carried jar) and $RENDERER.
#   needs: $WORK (scratch folder); optional $JAR (default .device/vla4j.jar, or .device/vla4j.jar.xz unpacked
#   into $WORK: a jar stored without compression and xz-packed is 15 MB smaller than the deflated jar)
if [ -d .gl ]; then for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
if [ "${RENDER:-gpu}" = mesa ]; then
  # Mesa's llvmpipe, the renderer of CPU machines, CI and LIBERO's reference runs: a model trained on NVIDIA
  # renders of the LIBERO scenes fails on llvmpipe's (and the other way round), so a model meant for CPU
  # users is collected on llvmpipe. Mesa's Debian packages in .mesa/*.deb (training/README.md §0).
  if [ -d .mesa ]; then for f in .mesa/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
  [ -f /usr/share/glvnd/egl_vendor.d/50_mesa.json ] || { echo "RENDER=mesa: no Mesa EGL vendor (carry .mesa/*.deb)" >&2; exit 2; }
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/share/glvnd/egl_vendor.d/50_mesa.json
  export LP_NUM_THREADS="${LP_NUM_THREADS:-1}"  # one llvmpipe thread per context: the rollout workers fill the cores
elif [ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ]; then
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
mkdir -p "$WORK"
if ! ls -d "$WORK"/jre*/bin/java >/dev/null 2>&1; then
  if [ -f .device/jre.txz ]; then python3 -c "import tarfile, sys; tarfile.open('.device/jre.txz').extractall(sys.argv[1])" "$WORK"
  else tar xzf .device/jre.tgz -C "$WORK"; fi
fi
JAVA="$(ls -d "$WORK"/jre*/bin/java | head -1)"
if [ -f .device/libmujoco.so.3.14.0.xz ]; then
  [ -f "$WORK/libmujoco.so.3.14.0" ] || python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], 'wb'))" \
      .device/libmujoco.so.3.14.0.xz "$WORK/libmujoco.so.3.14.0"
  export MUJOCO_LIB="$WORK/libmujoco.so.3.14.0"
else
  export MUJOCO_LIB="$PWD/.device/libmujoco.so.3.14.0"
fi
if [ -z "${JAR:-}" ] && [ ! -f .device/vla4j.jar ] && [ -f .device/vla4j.jar.xz ]; then
  # unpacked on every call (~2 s): a machine kept warm may hold an older call's jar in $WORK
  python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], 'wb'))" \
      .device/vla4j.jar.xz "$WORK/vla4j.jar"
  JAR="$WORK/vla4j.jar"
fi
source training/device_libero.sh  # LIBERO suites: .device/libero-<suite>.txz, or the copy an earlier call unpacked
export RUST_FLAVOR=cpu  # DJL's tokenizer library: the jar's CPU build, not a CUDA one to download (also the Java default)
vla4j() { "$JAVA" --enable-native-access=ALL-UNNAMED -Dvla4j.home="$PWD" -jar "${JAR:-.device/vla4j.jar}" "$@"; }
RENDERER="$(vla4j sim info 2>/dev/null | sed -n 's/^OpenGL *//p')"
