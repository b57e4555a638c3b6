package org.vla4j.sim.libero;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.sim.libero.bddl.BddlParser;
import org.vla4j.sim.libero.bddl.BddlProblem;

/**
 * One suite of the real LIBERO benchmark as a user's install holds it: the tasks in LIBERO's order
 * ({@code libero/libero/benchmark/libero_suite_task_map.py}), each task's BDDL problem and its official
 * {@code .pruned_init} file, and the evaluation's step limit (OpenVLA's {@code max_steps} per suite).
 *
 * <p>Where the files come from is one hook, {@link #locate()}: the folders {@link #usePaths} was given
 * (the CLI's {@code --libero-root}/{@code --robosuite-assets}), else {@link LiberoPaths#resolve} from the
 * environment variables and {@code python3}.
 *
 * @param name the suite, e.g. {@code libero_object}
 * @param paths where the files were read
 * @param taskNames task names in LIBERO's order (the BDDL file stems)
 * @param problems the parsed BDDL problems, one per task
 * @param bddlFiles the BDDL files, one per task
 * @param initFiles the {@code .pruned_init} files, one per task
 * @param maxSteps agent steps per episode after the wait steps (OpenVLA: libero_object 280)
 */
public record LiberoBenchmark(String name, LiberoPaths paths, List<String> taskNames, List<BddlProblem> problems, List<Path> bddlFiles,
    List<Path> initFiles, int maxSteps) {
  /** The suites vla4j runs, with LIBERO's task order (one source: {@link LiberoTasks}). */
  public static final Map<String, List<String>> TASKS = Map.of("libero_object", LiberoTasks.tasks("libero_object"));

  /** OpenVLA's {@code max_steps} per suite (its LIBERO eval script). */
  public static final Map<String, Integer> MAX_STEPS = Map.of("libero_object", 280);

  /** Official init states per task in every LIBERO suite. */
  public static final int INIT_STATES_PER_TASK = 50;

  private static volatile LiberoPaths chosen;

  public LiberoBenchmark {
    taskNames = List.copyOf(taskNames);
    problems = List.copyOf(problems);
    bddlFiles = List.copyOf(bddlFiles);
    initFiles = List.copyOf(initFiles);
  }

  /**
   * The hook where the CLI's options plug in: every later {@link #locate()} returns {@code p} (null
   * forgets it, so the environment is asked again).
   */
  public static void usePaths(LiberoPaths p) {
    chosen = p;
  }

  /**
   * Where LIBERO is: the folders given to {@link #usePaths}, else {@link LiberoPaths#resolve}{@code (null,
   * null, System.getenv(), true)}.
   *
   * @throws IllegalArgumentException naming what is missing and the options/variables that point at it
   */
  public static LiberoPaths locate() {
    LiberoPaths p = chosen;
    return p != null ? p : LiberoPaths.resolve(null, null, System.getenv(), true);
  }

  /**
   * Reads a suite's task list, BDDL problems and init-file names.
   *
   * @throws IllegalArgumentException for a suite vla4j does not run (the message lists the valid ones),
   *     or a task's BDDL or init file that is missing (named)
   */
  public static LiberoBenchmark load(LiberoPaths paths, String suite) {
    List<String> names = TASKS.get(suite);
    if (names == null) throw new IllegalArgumentException("unknown LIBERO suite '" + suite + "'; valid: " + String.join(", ", TASKS.keySet()));
    Path bddlDir = paths.bddlDir(suite);
    Path initDir = paths.initFilesDir(suite);
    List<BddlProblem> problems = new ArrayList<>();
    List<Path> bddl = new ArrayList<>();
    List<Path> init = new ArrayList<>();
    for (String n : names) {
      Path b = bddlDir.resolve(n + ".bddl");
      Path i = initDir.resolve(n + ".pruned_init");
      for (Path f : List.of(b, i)) {
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("LIBERO install at " + paths.liberoRoot() + " lacks " + f + " (task " + n + ")");
      }
      problems.add(BddlParser.parse(b));
      bddl.add(b);
      init.add(i);
    }
    return new LiberoBenchmark(suite, paths, names, problems, bddl, init, MAX_STEPS.get(suite));
  }

  /**
   * {@code bddl:<file>} and {@code init:<file>} → sha256 (hex) of every task's files, in task order: the
   * suite's definition as a run records it.
   *
   * @throws UncheckedIOException if a file cannot be read
   */
  public Map<String, String> fileHashes() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int t = 0; t < taskNames.size(); t++) {
      out.put("bddl:" + bddlFiles.get(t).getFileName(), sha256(bddlFiles.get(t)));
      out.put("init:" + initFiles.get(t).getFileName(), sha256(initFiles.get(t)));
    }
    return out;
  }

  /** sha256 over every task's BDDL and init file hashes, in task order: one string for the fingerprint. */
  public String definitionHash() {
    StringBuilder s = new StringBuilder();
    fileHashes().forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
