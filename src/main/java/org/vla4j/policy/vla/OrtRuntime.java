package org.vla4j.policy.vla;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The process's ONNX Runtime environment, opened without leaving files behind in the temporary folder.
 *
 * <p>ONNX Runtime's Java loader ({@code ai.onnxruntime.OnnxRuntime.init}, 1.29) extracts its native
 * libraries into a new {@code onnxruntime-java*} folder of {@code java.io.tmpdir} and marks the
 * libraries, then the folder, for deletion on exit; {@code File.deleteOnExit} deletes in reverse
 * order, so the folder is tried first, while not yet empty, and stays. Here the libraries are
 * extracted once into {@code $XDG_CACHE_HOME/vla4j/onnxruntime-native-<size>} (or {@code
 * ~/.cache/...}) and named by the loader's documented {@code onnxruntime.native.path} property: the
 * loader's temporary folder then stays empty and its deletion on exit succeeds. Where the cache
 * cannot be written, or off linux-x64, the loader's default is left alone.
 *
 * <p>The native library's telemetry layer (Microsoft's 1DS client) creates an empty
 * {@code /tmp/mat-debug-<pid>.log} when the environment is created, unless the environment
 * variable {@code ORT_DISABLE_TELEMETRY} (the {@code vla4j} launcher sets it) or {@code CI} is set; a Java
 * process cannot set its own environment, so an empty log of this process is deleted right after.
 */
public final class OrtRuntime {
  private static final String NATIVE = "/ai/onnxruntime/native/linux-x64/";
  private static final List<String> LIBS = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");
  private static boolean prepared;

  private OrtRuntime() {}

  /**
   * The session options every vla4j graph runs with: {@code threads} intra-op threads, one inter-op
   * thread, all graph optimizations. The caller closes them.
   *
   * @throws ai.onnxruntime.OrtException if ONNX Runtime refuses an option
   */
  public static ai.onnxruntime.OrtSession.SessionOptions sessionOptions(int threads) throws ai.onnxruntime.OrtException {
    ai.onnxruntime.OrtSession.SessionOptions so = new ai.onnxruntime.OrtSession.SessionOptions();
    so.setIntraOpNumThreads(threads);
    so.setInterOpNumThreads(1);
    so.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return so;
  }

  /** The shared environment ({@link OrtEnvironment#getEnvironment()}), loaded as described above. */
  public static synchronized OrtEnvironment environment() {
    if (!prepared) {
      prepared = true;
      if (System.getProperty("onnxruntime.native.path") == null) {
        Path dir = extractedLibraries();
        if (dir != null) System.setProperty("onnxruntime.native.path", dir.toString());
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    removeEmptyTelemetryLog();
    return env;
  }

  /** The telemetry layer's debug log of this process: {@code /tmp/mat-debug-<pid>.log}. */
  static Path telemetryLog() {
    return Path.of("/tmp", "mat-debug-" + ProcessHandle.current().pid() + ".log");
  }

  private static void removeEmptyTelemetryLog() {
    Path log = telemetryLog();
    try {
      if (Files.isRegularFile(log) && Files.size(log) == 0) Files.delete(log);
    } catch (IOException | SecurityException ignored) {
      // a log that cannot be removed is only clutter, not a reason to fail the run
    }
  }

  /** The folder holding the native libraries, extracted if needed; null to use the loader's default. */
  private static Path extractedLibraries() {
    if (!System.getProperty("os.name", "").startsWith("Linux") || !System.getProperty("os.arch", "").equals("amd64")) return null;
    try {
      long[] sizes = new long[LIBS.size()];
      URL[] urls = new URL[LIBS.size()];
      for (int i = 0; i < LIBS.size(); i++) {
        urls[i] = OrtEnvironment.class.getResource(NATIVE + LIBS.get(i));
        if (urls[i] == null) return null;
        URLConnection c = urls[i].openConnection();
        sizes[i] = c.getContentLengthLong();
        if (sizes[i] <= 0) return null;
      }
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
      Path dir = base.resolve("vla4j").resolve("onnxruntime-native-" + sizes[0] + "-" + sizes[1]);
      Files.createDirectories(dir);
      for (int i = 0; i < LIBS.size(); i++) {
        Path f = dir.resolve(LIBS.get(i));
        if (Files.isRegularFile(f) && Files.size(f) == sizes[i]) continue;
        // through a unique temporary name and an atomic rename: concurrent processes never see half a library
        Path tmp = Files.createTempFile(dir, LIBS.get(i), ".part");
        try (InputStream in = urls[i].openStream()) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
