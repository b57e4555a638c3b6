package org.vla4j.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vla4j.runlog.JsonFiles;
import org.vla4j.sim.SimInfo;
import org.vla4j.sim.suite.Suite;

/**
 * What a run's numbers depend on besides its plan, recorded as config.json's {@code fingerprint}: the
 * vla4j version and commit, the JDK, the OS and CPU, the MuJoCo version, the suite's definition, and
 * what the runner provider adds about the policy and the renderer (sha256 of every model file, the
 * MuJoCo library's checksum, the OpenGL vendor/renderer/version string, render settings). A resume
 * across a changed fingerprint is refused, and {@code compare} shows (and by default refuses) the
 * differences that change results: MuJoCo 3.3 against 3.14 alone moved LIBERO-Object by points.
 */
public final class Fingerprint {
  /** Keys whose difference makes two runs incomparable by default ({@code compare --allow-mismatch} overrides). */
  public static final List<String> RESULT_CHANGING = List.of("mujoco_version", "mujoco_library_sha256", "renderer", "render_settings",
      "suite", "model_file:", "executor");

  /**
   * {@code setup} with {@code executor} → its spec when it is not the default (runs with the default
   * executor keep the fingerprint they had, so a default run reads {@code executor: (none)} in a diff).
   */
  public static Map<String, String> withExecutor(Map<String, String> setup, org.vla4j.rollout.ChunkExecutor executor) {
    if (executor.isDefault()) return setup;
    Map<String, String> s = new TreeMap<>(setup);
    s.put("executor", executor.spec());
    return s;
  }

  private Fingerprint() {}

  /**
   * The fingerprint of a run starting now, keys sorted.
   *
   * @param setup the runner provider's entries ({@link RunnerProvider#setup})
   */
  public static ObjectNode of(Suite suite, Map<String, String> setup) {
    Map<String, String> f = new TreeMap<>(setup);
    String v = Fingerprint.class.getPackage().getImplementationVersion();
    f.put("vla4j_version", v == null ? "dev" : v);
    String commit = RunConfig.git("rev-parse", "HEAD");
    f.put("git_commit", commit == null ? "unknown" : commit.strip());
    f.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    f.put("cpu", cpu() + " x" + Runtime.getRuntime().availableProcessors());
    f.put("mujoco_version", SimInfo.mujocoVersion());
    f.put("suite", suite.name() + ": " + suite.tasks().size() + " tasks, " + suite.initStatesPerTask() + " init states, "
        + suite.waitSteps() + " wait + " + suite.maxSteps() + " max steps");
    if (suite.waitProtocol() != Suite.WaitSteps.OPENVLA) f.put("suite_wait", suite.waitProtocol().wireName());
    if (suite.isLibero()) f.put("suite_files_sha256", suite.libero().definitionHash()); // the BDDL and init files
    ObjectNode n = JsonFiles.MAPPER.createObjectNode();
    f.forEach(n::put);
    return n;
  }

  /**
   * The differences between two fingerprints, one line each ({@code key: A → B}), keys sorted; a key
   * missing on one side reads {@code (none)}.
   *
   * @param only keep keys starting with one of these prefixes, or null for all
   */
  public static List<String> diff(JsonNode a, JsonNode b, List<String> only) {
    TreeSet<String> keys = new TreeSet<>();
    for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) keys.add(it.next());
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) keys.add(it.next());
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      if (only != null && only.stream().noneMatch(k::startsWith)) continue;
      String x = a.has(k) ? a.get(k).asText() : "(none)";
      String y = b.has(k) ? b.get(k).asText() : "(none)";
      if (!x.equals(y)) out.add(k + ": " + x + " → " + y);
    }
    return out;
  }

  private static String cpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture is in "os"
    }
    return "unknown cpu";
  }
}
