package org.vla4j.eval.run;

import org.vla4j.policy.steps.Fault;
import org.vla4j.runlog.JsonFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vla4j.sim.SimInfo;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * Builds a run's {@code config.json}: everything needed to reproduce the run (versions, git commit,
 * arguments, the plan's defining values) plus where and when it ran. docs/FORMATS.md lists the
 * fields.
 */
public final class RunConfig {
  private RunConfig() {}

  /**
   * The arguments that define the episode plan; a resumed run must have equal ones. Stored as
   * {@code "plan"}: suite, policy, task_ids, episodes_per_task, init_states, seed, toggle, monitor and, when
   * given, unnorm_key (the last three change what the episodes do).
   */
  public static ObjectNode planKey(String suite, String policy, List<Integer> taskIds, int episodesPerTask,
      List<Integer> initStates, long seed, Fault toggle, String monitor, String unnormKey) {
    return planKey(suite, policy, taskIds, episodesPerTask, initStates, seed, toggle, monitor, unnormKey,
        org.vla4j.rollout.ChunkExecutor.DEFAULT);
  }

  /**
   * As {@link #planKey(String, String, List, int, List, long, Fault, String, String)}, with {@code
   * executor} (its spec) when it is not the default, so runs with the default resume as before.
   */
  public static ObjectNode planKey(String suite, String policy, List<Integer> taskIds, int episodesPerTask,
      List<Integer> initStates, long seed, Fault toggle, String monitor, String unnormKey, org.vla4j.rollout.ChunkExecutor executor) {
    ObjectNode n = JsonFiles.MAPPER.createObjectNode();
    n.put("suite", suite);
    n.put("policy", policy);
    taskIds.forEach(n.putArray("task_ids")::add);
    n.put("episodes_per_task", episodesPerTask);
    initStates.forEach(n.putArray("init_states")::add);
    n.put("seed", seed);
    n.put("toggle", toggle.wireName());
    n.put("monitor", monitor);
    if (unnormKey != null) n.put("unnorm_key", unnormKey); // only when given, so runs without it resume as before
    if (!executor.isDefault()) n.put("executor", executor.spec());
    return n;
  }

  /**
   * The suite a run uses: {@link Suites#get} of {@code name}, with the wait protocol {@code wait} when it is
   * not the suite's own.
   *
   * @throws IllegalArgumentException for an unknown suite, or a LIBERO suite when LIBERO is not found
   */
  public static Suite suite(String name, Suite.WaitSteps wait) {
    Suite s = Suites.get(name);
    return s.waitProtocol() == wait ? s : s.withWait(wait);
  }

  /** The suite of a run's {@code plan}: its {@code suite} with its {@code wait_steps} ({@code openvla} when absent). */
  public static Suite suite(JsonNode plan) {
    return suite(plan.path("suite").asText(), Suite.WaitSteps.of(plan.path("wait_steps").asText(Suite.WaitSteps.OPENVLA.wireName())));
  }

  /**
   * The whole config.json of a run that starts now.
   *
   * @param fingerprint the run's {@link Fingerprint}
   * @param policyServer {@link RunnerProvider#policyServer}: written as {@code policy_server} after
   *     {@code pipeline} when not empty
   */
  public static ObjectNode build(EvalRequest req, Suite suite, JsonNode planKey, int episodes, Instant start, List<String> pipeline,
      JsonNode fingerprint, java.util.Map<String, Object> policyServer) {
    ObjectNode n = JsonFiles.MAPPER.createObjectNode();
    String v = RunConfig.class.getPackage().getImplementationVersion();
    n.put("vla4j_version", v == null ? "dev" : v);
    n.put("java_version", Runtime.version().toString());
    n.put("java_vendor", System.getProperty("java.vendor"));
    n.put("mujoco_version", SimInfo.mujocoVersion());
    String commit = git("rev-parse", "HEAD");
    n.put("git_commit", commit == null ? "unknown" : commit.strip());
    String status = commit == null ? null : git("status", "--porcelain", "--untracked-files=no");
    if (status == null) n.putNull("git_dirty");
    else n.put("git_dirty", !status.isBlank());
    ObjectNode a = n.putObject("arguments");
    a.put("suite", req.suite());
    a.put("policy", req.policy());
    a.put("tasks", req.tasks());
    a.put("episodes_per_task", req.episodesPerTask());
    a.put("init_states", req.initStates());
    a.put("seed", req.seed());
    a.put("out", req.out().toString());
    a.put("resume", req.resume());
    a.put("workers", req.workers());
    if (req.batch() != 1) a.put("batch", req.batch()); // only when batched: unbatched runs' config.json as before
    a.put("toggle", req.toggle().wireName());
    a.put("monitor", req.monitor().mode());
    if (req.unnormKey() != null) a.put("unnorm_key", req.unnormKey());
    SequentialStop st = req.sequential();
    if (st.ciWidth() != null) a.put("until_ci_width", st.ciWidth());
    if (st.versus() != null) {
      a.put("sequential_vs", st.versus().toString());
      a.put("detect", st.detect());
      a.put("alpha", st.alpha());
      a.put("power", st.power());
      a.put("allow_mismatch", st.allowMismatch());
    }
    if (st.active()) a.put("order_seed", st.orderSeed() == null ? req.seed() : st.orderSeed());
    a.put("executor", req.executor().spec());
    if (req.monitor().settings() != null) n.set("monitor", req.monitor().settings());
    req.commandLine().forEach(n.putArray("command_line")::add);
    n.set("plan", planKey);
    pipeline.forEach(n.putArray("pipeline")::add);
    if (!policyServer.isEmpty()) n.set("policy_server", JsonFiles.MAPPER.valueToTree(policyServer));
    n.set("fingerprint", fingerprint);
    n.put("episodes", episodes);
    ObjectNode s = n.putObject("suite");
    s.put("name", suite.name());
    s.put("tasks", suite.tasks().size());
    s.put("init_states_per_task", suite.initStatesPerTask());
    s.put("max_steps", suite.maxSteps());
    s.put("wait_steps", suite.waitSteps());
    s.put("wait_protocol", suite.waitProtocol().wireName());
    if (suite.isLibero()) {
      ObjectNode l = s.putObject("libero");
      l.put("libero_root", suite.libero().paths().liberoRoot().toString());
      l.put("robosuite_assets", suite.libero().paths().robosuiteAssets().toString());
      ObjectNode files = l.putObject("files_sha256");
      suite.libero().fileHashes().forEach(files::put);
    }
    n.put("hostname", hostname());
    n.put("cores", Runtime.getRuntime().availableProcessors());
    n.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    n.put("start_time", start.toString());
    return n;
  }

  /** Output of {@code git <args>} in the working directory, or null if git is missing or fails. */
  static String git(String... args) {
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("git"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroy();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String hostname() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) return h;
    try {
      return Files.readString(Path.of("/etc/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
