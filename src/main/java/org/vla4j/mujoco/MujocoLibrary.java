package org.vla4j.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Locates, verifies and loads MuJoCo's shared library, {@code libmujoco.so.3.14.0}.
 *
 * <p>Search order: the {@code MUJOCO_LIB} environment variable (a path to the library file), then a
 * cache under the user's home ({@code $XDG_CACHE_HOME/vla4j/mujoco-3.14.0/}, default
 * {@code ~/.cache/vla4j/...}), then, on first use, the official {@code mujoco==3.14.0} wheel fetched
 * with {@code python3 -m pip download --no-deps}, from which the library and its C headers are
 * extracted into that cache. The file's SHA-256 must equal the official x86-64 Linux build's and
 * {@code mj_version()} must return 3014000 (3.14.0); anything else is refused with a message that says
 * how to provide the right library.
 *
 * <p>The library is loaded once per process into the global arena; the loaded instance is immutable.
 */
public final class MujocoLibrary {
  /** The MuJoCo release vla4j is pinned to. Model metadata records it; renders differ across versions. */
  public static final String VERSION = "3.14.0";

  /** {@code mj_version()} of {@link #VERSION} (major·1000000 + minor·1000 + patch, as mjVERSION_HEADER). */
  public static final int VERSION_NUMBER = 3_014_000;

  /** SHA-256 of {@code libmujoco.so.3.14.0} from the official manylinux x86-64 wheel. */
  public static final String SHA256 = "5e7623e30f55bf324d4c9648379ebeba5bcd153ee0304c52eac74bf8d441000b";

  static final String FILE_NAME = "libmujoco.so." + VERSION;

  private static volatile MujocoLibrary instance;

  private final Path path;
  private final SymbolLookup lookup;
  private final String versionString;

  private MujocoLibrary(Path path, SymbolLookup lookup, String versionString) {
    this.path = path;
    this.lookup = lookup;
    this.versionString = versionString;
  }

  /**
   * Returns the loaded library, locating, fetching and verifying it on first call.
   *
   * @throws MujocoException if no verified library can be found or fetched; the message says how to
   *     provide one
   */
  public static MujocoLibrary get() {
    MujocoLibrary lib = instance;
    if (lib == null) {
      synchronized (MujocoLibrary.class) {
        lib = instance;
        if (lib == null) {
          lib = load(locate());
          instance = lib;
        }
      }
    }
    return lib;
  }

  /** Path of the loaded library file. */
  public Path path() {
    return path;
  }

  /** {@code mj_versionString()}, e.g. "3.14.0". */
  public String versionString() {
    return versionString;
  }

  SymbolLookup lookup() {
    return lookup;
  }

  /**
   * Folder holding MuJoCo's C headers ({@code mujoco/mujoco.h}) of the same release, if known:
   * {@code MUJOCO_INCLUDE}, an {@code include/} folder beside the library, or the cache (fetching the
   * wheel if needed). Used by the test that checks struct offsets against the headers.
   */
  public static Optional<Path> includeDir() {
    String env = System.getenv("MUJOCO_INCLUDE");
    if (env != null && Files.isRegularFile(Path.of(env, "mujoco", "mujoco.h"))) {
      return Optional.of(Path.of(env));
    }
    String lib = System.getenv("MUJOCO_LIB");
    if (lib != null) {
      Path beside = Path.of(lib).toAbsolutePath().getParent().resolve("include");
      if (Files.isRegularFile(beside.resolve("mujoco/mujoco.h"))) return Optional.of(beside);
    }
    Path cached = cacheDir().resolve("include");
    if (!Files.isRegularFile(cached.resolve("mujoco/mujoco.h"))) {
      try {
        fetchIntoCache();
      } catch (MujocoException e) {
        return Optional.empty();
      }
    }
    return Optional.of(cached);
  }

  /** The cache folder for this release: {@code $XDG_CACHE_HOME/vla4j/mujoco-3.14.0} or under {@code ~/.cache}. */
  public static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("vla4j").resolve("mujoco-" + VERSION);
  }

  private static Path locate() {
    String env = System.getenv("MUJOCO_LIB");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (!Files.isRegularFile(p)) {
        throw new MujocoException("MUJOCO_LIB=" + env + " is not a file. " + howToProvide());
      }
      verifyChecksum(p);
      return p;
    }
    Path cached = cacheDir().resolve(FILE_NAME);
    if (!Files.isRegularFile(cached)) fetchIntoCache();
    verifyChecksum(cached);
    return cached;
  }

  private static MujocoLibrary load(Path p) {
    SymbolLookup lookup;
    try {
      lookup = SymbolLookup.libraryLookup(p, Arena.global());
    } catch (IllegalArgumentException e) {
      throw new MujocoException("cannot load " + p + ": " + e.getMessage() + ". " + howToProvide(), e);
    }
    Linker linker = Linker.nativeLinker();
    try {
      MethodHandle version =
          linker.downcallHandle(lookup.find("mj_version").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
      MethodHandle versionString =
          linker.downcallHandle(
              lookup.find("mj_versionString").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS));
      int v = (int) version.invokeExact();
      String vs = ((MemorySegment) versionString.invokeExact()).reinterpret(64).getString(0);
      if (v != VERSION_NUMBER) {
        throw new MujocoException(
            p + " reports mj_version() = " + v + " (" + vs + "), but vla4j needs " + VERSION_NUMBER + " (" + VERSION
                + "). " + howToProvide());
      }
      return new MujocoLibrary(p, lookup, vs);
    } catch (MujocoException e) {
      throw e;
    } catch (Throwable t) {
      throw new MujocoException("cannot call mj_version() in " + p + ": " + t, t);
    }
  }

  private static void verifyChecksum(Path p) {
    String actual = sha256(p);
    if (!actual.equals(SHA256)) {
      throw new MujocoException(
          p + " has SHA-256 " + actual + ", not that of the official " + FILE_NAME + " (" + SHA256 + "). "
              + howToProvide());
    }
  }

  static String sha256(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new MujocoException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Downloads the official wheel with pip and extracts the library and headers into {@link #cacheDir()}. */
  private static synchronized void fetchIntoCache() {
    Path cache = cacheDir();
    if (Files.isRegularFile(cache.resolve(FILE_NAME)) && Files.isRegularFile(cache.resolve("include/mujoco/mujoco.h"))) {
      return;
    }
    Path tmp = null;
    try {
      Files.createDirectories(cache.getParent());
      tmp = Files.createTempDirectory(cache.getParent(), "fetch-");
      List<String> cmd =
          new ArrayList<>(List.of("python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet",
              "--disable-pip-version-check", "-d", tmp.toString(), "mujoco==" + VERSION));
      System.err.println("vla4j: fetching MuJoCo " + VERSION + " from its official wheel (" + String.join(" ", cmd) + ")");
      Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(proc.getInputStream().readAllBytes());
      if (!proc.waitFor(15, TimeUnit.MINUTES) || proc.exitValue() != 0) {
        throw new MujocoException("pip could not download mujoco==" + VERSION + ":\n" + out.strip() + "\n" + howToProvide());
      }
      Path wheel;
      try (var files = Files.list(tmp)) {
        wheel = files.filter(f -> f.getFileName().toString().endsWith(".whl")).findFirst()
            .orElseThrow(() -> new MujocoException("pip reported success but left no wheel in " + " the download folder. " + howToProvide()));
      }
      Path staged = tmp.resolve("staged");
      Files.createDirectories(staged.resolve("include"));
      boolean foundLib = false;
      try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(wheel))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          String name = e.getName();
          if (name.equals("mujoco/" + FILE_NAME)) {
            Files.copy(zip, staged.resolve(FILE_NAME));
            foundLib = true;
          } else if (name.startsWith("mujoco/include/") && !e.isDirectory()) {
            Path dst = staged.resolve("include").resolve(name.substring("mujoco/include/".length())).normalize();
            if (!dst.startsWith(staged.resolve("include"))) continue; // never write outside the staging folder
            Files.createDirectories(dst.getParent());
            Files.copy(zip, dst);
          }
        }
      }
      if (!foundLib) throw new MujocoException(wheel.getFileName() + " holds no mujoco/" + FILE_NAME + ". " + howToProvide());
      verifyChecksum(staged.resolve(FILE_NAME));
      if (Files.exists(cache)) deleteTree(cache);
      Files.move(staged, cache, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MujocoException("cannot fetch MuJoCo into " + cache + ": " + e.getMessage() + ". " + howToProvide(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MujocoException("interrupted while fetching MuJoCo", e);
    } finally {
      if (tmp != null) {
        try {
          deleteTree(tmp);
        } catch (IOException ignored) {
          // a leftover temporary folder is harmless
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  static String howToProvide() {
    return "Provide MuJoCo " + VERSION + " in one of these ways: set MUJOCO_LIB=/path/to/" + FILE_NAME
        + "; or let vla4j fetch it (needs python3 with pip and access to PyPI: python3 -m pip download --no-deps mujoco=="
        + VERSION + "); or unzip mujoco/" + FILE_NAME + " and mujoco/include/ from that wheel into " + cacheDir() + "/ (as "
        + FILE_NAME + " and include/).";
  }
}
