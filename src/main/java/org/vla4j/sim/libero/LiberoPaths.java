package org.vla4j.sim.libero;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a user's LIBERO and robosuite installs are: the two folders vla4j reads the real benchmark's
 * files from (BDDL problems, init states, MJCF assets). vla4j never ships these files.
 *
 * <p>{@code liberoRoot} is the folder holding {@code libero/libero/{bddl_files,init_files,assets}} (a
 * LIBERO checkout, or {@code ../shared/libero/LIBERO} in this project's tests); {@code robosuiteAssets}
 * is robosuite 1.4.x's {@code robosuite/models/assets} (holding {@code base.xml}, {@code robots/},
 * {@code grippers/}, {@code mounts/}).
 *
 * <p>Resolution order for each folder ({@link #resolve}): the command-line option
 * ({@code --libero-root DIR}, {@code --robosuite-assets DIR}), then the environment variable
 * ({@code VLA4J_LIBERO_ROOT}, {@code VLA4J_ROBOSUITE_ASSETS}), then the Python packages {@code libero} and
 * {@code robosuite} that {@code python3} can import, located with {@code importlib.util.find_spec} (which
 * does not run them: LIBERO's package asks questions on stdin at its first import) and robosuite's version
 * from its installed metadata.
 *
 * <p>robosuite must be 1.4.x (LIBERO does not support 1.5, whose assets moved {@code mounts/} to
 * {@code bases/}): an assets folder laid out as 1.5's, or one whose package declares another
 * {@code __version__}, is refused, naming the version found.
 *
 * @param liberoRoot folder holding {@code libero/libero/bddl_files}, {@code init_files}, {@code assets}
 * @param robosuiteAssets robosuite's {@code robosuite/models/assets} folder
 */
public record LiberoPaths(Path liberoRoot, Path robosuiteAssets) {
  /** Option name of the LIBERO folder. */
  public static final String LIBERO_OPTION = "--libero-root";
  /** Option name of the robosuite assets folder. */
  public static final String ROBOSUITE_OPTION = "--robosuite-assets";
  /** Environment variable of the LIBERO folder. */
  public static final String LIBERO_ENV = "VLA4J_LIBERO_ROOT";
  /** Environment variable of the robosuite assets folder. */
  public static final String ROBOSUITE_ENV = "VLA4J_ROBOSUITE_ASSETS";

  private static final List<String> LIBERO_PARTS = List.of("bddl_files", "init_files", "assets");
  private static final List<String> ROBOSUITE_PARTS = List.of("base.xml", "robots/panda/robot.xml", "grippers/panda_gripper.xml", "mounts");

  /**
   * Checks both folders.
   *
   * @throws IllegalArgumentException naming every missing part and how to point vla4j at it
   */
  public LiberoPaths {
    liberoRoot = liberoRoot.toAbsolutePath().normalize();
    robosuiteAssets = robosuiteAssets.toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>(missingLibero(liberoRoot));
    problems.addAll(missingRobosuite(robosuiteAssets));
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
  }

  /** The paths of a test-data folder laid out as {@code ../shared/libero}: {@code DIR/LIBERO} and {@code DIR/robosuite/robosuite/models/assets}. */
  public static LiberoPaths ofSharedLayout(Path dir) {
    return new LiberoPaths(dir.resolve("LIBERO"), dir.resolve("robosuite/robosuite/models/assets"));
  }

  /** {@code libero/libero}: the package folder under the root. */
  public Path packageDir() {
    return liberoRoot.resolve("libero/libero");
  }

  /** {@code libero/libero/bddl_files}. */
  public Path bddlDir() {
    return packageDir().resolve("bddl_files");
  }

  /** {@code libero/libero/init_files}. */
  public Path initFilesDir() {
    return packageDir().resolve("init_files");
  }

  /** {@code libero/libero/assets}. */
  public Path assetsDir() {
    return packageDir().resolve("assets");
  }

  /** The folder of a suite's BDDL files, e.g. {@code bddl_files/libero_object}. */
  public Path bddlDir(String suite) {
    return existingSuiteDir(bddlDir(), suite);
  }

  /** The folder of a suite's init-state files, e.g. {@code init_files/libero_object}. */
  public Path initFilesDir(String suite) {
    return existingSuiteDir(initFilesDir(), suite);
  }

  private static Path existingSuiteDir(Path parent, String suite) {
    Path d = parent.resolve(suite);
    if (!Files.isDirectory(d)) {
      throw new IllegalArgumentException("no suite '" + suite + "' under " + parent + "; valid: " + String.join(", ", listDirs(parent)));
    }
    return d;
  }

  private static List<String> listDirs(Path parent) {
    try (var s = Files.list(parent)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Resolves both folders from options, then environment, then Python.
   *
   * @param liberoOption value of {@code --libero-root}, or null
   * @param robosuiteOption value of {@code --robosuite-assets}, or null
   * @param env the environment (normally {@link System#getenv()})
   * @param tryPython whether to ask {@code python3} for installed {@code libero} / {@code robosuite} packages
   * @throws IllegalArgumentException saying which folder is missing or incomplete and which option or
   *     variable to set
   */
  public static LiberoPaths resolve(String liberoOption, String robosuiteOption, Map<String, String> env, boolean tryPython) {
    Optional<Path> libero = pick(liberoOption, env.get(LIBERO_ENV));
    Optional<Path> robosuite = pick(robosuiteOption, env.get(ROBOSUITE_ENV));
    List<String> problems = new ArrayList<>();
    boolean wrongPythonRobosuite = false;
    if ((libero.isEmpty() || robosuite.isEmpty()) && tryPython) {
      PythonInstall py = fromPython(env);
      if (libero.isEmpty()) libero = py.liberoRoot();
      if (robosuite.isEmpty() && py.robosuiteAssets().isPresent()) {
        robosuite = py.robosuiteAssets();
        String v = py.robosuiteVersion();
        if (!v.isEmpty() && !v.startsWith("1.4.")) {
          wrongPythonRobosuite = true;
          problems.add("python3's robosuite at " + robosuite.get() + " is version " + v + "; LIBERO needs robosuite 1.4.x: pass " + ROBOSUITE_OPTION
              + " DIR (a robosuite 1.4 checkout's robosuite/models/assets) or set " + ROBOSUITE_ENV);
        }
      }
    }
    if (libero.isEmpty()) {
      problems.add("LIBERO not found: pass " + LIBERO_OPTION + " DIR (the folder holding libero/libero/{bddl_files,init_files,assets}) or set "
          + LIBERO_ENV + (tryPython ? "; python3 has no importable 'libero' package" : ""));
    } else {
      problems.addAll(missingLibero(libero.get()));
    }
    if (robosuite.isEmpty()) {
      problems.add((libero.isPresent() && problems.isEmpty() ? "LIBERO found at " + libero.get() + " but " : "") + "robosuite 1.4.x assets not found: pass " + ROBOSUITE_OPTION + " DIR (robosuite 1.4.x's robosuite/models/assets) or set "
          + ROBOSUITE_ENV + (tryPython ? "; python3 has no importable 'robosuite' package" : ""));
    } else if (!wrongPythonRobosuite) {
      problems.addAll(missingRobosuite(robosuite.get()));
    }
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
    return new LiberoPaths(libero.get(), robosuite.get());
  }

  private static Optional<Path> pick(String option, String env) {
    if (option != null && !option.isBlank()) return Optional.of(Path.of(option));
    if (env != null && !env.isBlank()) return Optional.of(Path.of(env));
    return Optional.empty();
  }

  private static List<String> missingLibero(Path root) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      out.add("LIBERO folder " + root + " does not exist (" + LIBERO_OPTION + " / " + LIBERO_ENV + ")");
      return out;
    }
    // a common slip: naming the package folder (LIBERO/libero/libero) or LIBERO/libero instead of the checkout
    for (Path up : new Path[] {root.getParent(), root.getParent() == null ? null : root.getParent().getParent()}) {
      if (up != null && !Files.isDirectory(root.resolve("libero/libero/bddl_files")) && Files.isDirectory(up.resolve("libero/libero/bddl_files"))) {
        out.add("LIBERO folder " + root + " is inside the checkout: pass " + LIBERO_OPTION + " " + up + " (the folder holding libero/libero/bddl_files)");
        return out;
      }
    }
    for (String part : LIBERO_PARTS) {
      Path p = root.resolve("libero/libero").resolve(part);
      if (!Files.isDirectory(p)) {
        out.add("LIBERO folder " + root + " lacks libero/libero/" + part + " (" + LIBERO_OPTION + " / " + LIBERO_ENV
            + " must name the folder holding libero/libero/{bddl_files,init_files,assets})");
      }
    }
    return out;
  }

  private static List<String> missingRobosuite(Path assets) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(assets)) {
      out.add("robosuite assets folder " + assets + " does not exist (" + ROBOSUITE_OPTION + " / " + ROBOSUITE_ENV + ")");
      return out;
    }
    for (String inner : new String[] {"robosuite/models/assets", "models/assets"}) {
      if (!Files.exists(assets.resolve("base.xml")) && Files.exists(assets.resolve(inner).resolve("base.xml"))) {
        out.add("robosuite assets folder " + assets + " is the package or checkout, not its assets: pass " + ROBOSUITE_OPTION + " " + assets.resolve(inner));
        return out;
      }
    }
    if (Files.isDirectory(assets.resolve("bases")) && !Files.isDirectory(assets.resolve("mounts"))) {
      out.add("robosuite assets folder " + assets + " is laid out as robosuite 1.5 or later (bases/, no mounts/); LIBERO needs robosuite 1.4.x ("
          + ROBOSUITE_OPTION + " / " + ROBOSUITE_ENV + ")");
      return out;
    }
    Optional<String> version = declaredVersion(assets);
    if (version.isPresent() && !version.get().startsWith("1.4.")) {
      out.add("robosuite assets folder " + assets + " belongs to robosuite " + version.get() + "; LIBERO needs robosuite 1.4.x (" + ROBOSUITE_OPTION
          + " / " + ROBOSUITE_ENV + ")");
      return out;
    }
    for (String part : ROBOSUITE_PARTS) {
      if (!Files.exists(assets.resolve(part))) {
        out.add("robosuite assets folder " + assets + " lacks " + part + " (" + ROBOSUITE_OPTION + " / " + ROBOSUITE_ENV
            + " must name robosuite 1.4.x's robosuite/models/assets)");
      }
    }
    return out;
  }

  /**
   * The {@code __version__} that {@code robosuite/__init__.py} (two folders above {@code models/assets})
   * declares, if that file is there (a checkout or an install; test-data subsets lack it).
   */
  private static Optional<String> declaredVersion(Path assets) {
    Path init = assets.getParent() == null || assets.getParent().getParent() == null ? null : assets.getParent().getParent().resolve("__init__.py");
    if (init == null || !Files.isRegularFile(init)) return Optional.empty();
    try {
      var m = java.util.regex.Pattern.compile("(?m)^__version__\\s*=\\s*[\"']([^\"']+)[\"']").matcher(Files.readString(init));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** What python3 reports: each part empty when it has no such package. */
  private record PythonInstall(Optional<Path> liberoRoot, Optional<Path> robosuiteAssets, String robosuiteVersion) {
    static final PythonInstall NONE = new PythonInstall(Optional.empty(), Optional.empty(), "");
  }

  // find_spec locates a package without running it; LIBERO's libero/libero/__init__.py asks on stdin where
  // its datasets are on a first import, and importing robosuite takes seconds
  private static final String PYTHON_CODE = String.join("\n",
      "import importlib.util as u, importlib.metadata as md, os",
      "def loc(n):",
      "    try:",
      "        s = u.find_spec(n)",
      "    except Exception:",
      "        return []",
      "    return list(s.submodule_search_locations or []) if s else []",
      "lib = [os.path.dirname(d) for d in loc('libero') if os.path.isdir(os.path.join(d, 'libero', 'bddl_files'))]",
      "rs = [os.path.join(d, 'models', 'assets') for d in loc('robosuite')]",
      "try:",
      "    v = md.version('robosuite')",
      "except Exception:",
      "    v = ''",
      "print(lib[0] if lib else '')",
      "print(rs[0] if rs else '')",
      "print(v)");

  /** The LIBERO root and robosuite assets of the packages {@code python3} finds, with the environment {@code env}. */
  private static PythonInstall fromPython(Map<String, String> env) {
    Path out = null;
    try {
      out = Files.createTempFile("vla4j-python", ".txt");
      ProcessBuilder pb = new ProcessBuilder("python3", "-c", PYTHON_CODE)
          .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // the variables given (tests: PYTHONPATH) over the inherited environment, which keeps PATH and pyenv working
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return PythonInstall.NONE;
      }
      if (p.exitValue() != 0) return PythonInstall.NONE;
      String[] lines = Files.readString(out, StandardCharsets.UTF_8).split("\n", -1);
      if (lines.length < 3) return PythonInstall.NONE;
      return new PythonInstall(path(lines[0]), path(lines[1]), lines[2].strip());
    } catch (IOException e) {
      return PythonInstall.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PythonInstall.NONE;
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  private static Optional<Path> path(String line) {
    String s = line.strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(Path.of(s));
  }
}
