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
 * ({@code VLA4J_LIBERO_ROOT}, {@code VLA4J_ROBOSUITE_ASSETS}), then an installed Python package
 * ({@code python3 -c "import libero, robosuite; ..."}) if that works.
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
    if ((libero.isEmpty() || robosuite.isEmpty()) && tryPython) {
      Optional<Path[]> py = fromPython();
      if (py.isPresent()) {
        if (libero.isEmpty()) libero = Optional.of(py.get()[0]);
        if (robosuite.isEmpty()) robosuite = Optional.of(py.get()[1]);
      }
    }
    List<String> problems = new ArrayList<>();
    if (libero.isEmpty()) {
      problems.add("LIBERO not found: pass " + LIBERO_OPTION + " DIR (the folder holding libero/libero/{bddl_files,init_files,assets}) or set "
          + LIBERO_ENV + (tryPython ? "; python3 has no importable 'libero' package" : ""));
    } else {
      problems.addAll(missingLibero(libero.get()));
    }
    if (robosuite.isEmpty()) {
      problems.add("robosuite assets not found: pass " + ROBOSUITE_OPTION + " DIR (robosuite 1.4.x's robosuite/models/assets) or set "
          + ROBOSUITE_ENV + (tryPython ? "; python3 has no importable 'robosuite' package" : ""));
    } else {
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
    for (String part : ROBOSUITE_PARTS) {
      if (!Files.exists(assets.resolve(part))) {
        out.add("robosuite assets folder " + assets + " lacks " + part + " (" + ROBOSUITE_OPTION + " / " + ROBOSUITE_ENV
            + " must name robosuite 1.4.x's robosuite/models/assets)");
      }
    }
    return out;
  }

  /** {@code [liberoRoot, robosuiteAssets]} from installed Python packages, if python3 can import both. */
  private static Optional<Path[]> fromPython() {
    String code = "import os, libero.libero as l, robosuite as r; "
        + "print(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(l.__file__))))); "
        + "print(os.path.join(os.path.dirname(os.path.abspath(r.__file__)), 'models', 'assets'))";
    try {
      Process p = new ProcessBuilder("python3", "-c", code).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      if (p.exitValue() != 0) return Optional.empty();
      String[] lines = new String(out, StandardCharsets.UTF_8).strip().split("\n");
      if (lines.length != 2) return Optional.empty();
      return Optional.of(new Path[] {Path.of(lines[0].strip()), Path.of(lines[1].strip())});
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
