package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunk executors end to end on the real simulator with a real chunked policy ({@code expert-chunk}:
 * the scripted expert answering 8-action chunks): each executor's runs log which query made each
 * action, record the executor in the plan, config.json and fingerprint, replay to the step, and a
 * changed query number is caught; the runtime monitor in warn mode leaves the logs as they are; a
 * one-action policy refuses a non-default executor with exit 2.
 */
class ChunkedEvalTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static String[] eval(Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("eval", "--policy", "expert-chunk", "--tasks", "0-1", "--episodes-per-task",
        "1", "--init-states", "0", "--seed", "5", "--workers", "2", "--no-progress", "--out", out.toString()));
    args.addAll(List.of(extra));
    return SimReplayMonitorTest.run(SimReplayMonitorTest.cli(SimReplayMonitorTest.provider()), args.toArray(String[]::new));
  }

  static List<JsonNode> policySteps(Path run) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String l : Files.readAllLines(run.resolve("steps.jsonl"))) {
      JsonNode n = JSON.readTree(l);
      if (!n.get("tag").asText().equals("wait")) out.add(n);
    }
    return out;
  }

  @Test
  void eachExecutorLogsItsQueriesRecordsItselfAndReplaysToTheStep(@TempDir Path tmp) throws Exception {
    Path open = tmp.resolve("open");
    String[] r = eval(open);
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    Path ens = tmp.resolve("ens");
    r = eval(ens, "--executor", "ensemble:0.01");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    Path queue = tmp.resolve("queue");
    r = eval(queue, "--executor", "queue:weighted");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");

    // open loop over the whole chunk: a query every 8 policy steps, nothing blended
    List<JsonNode> o = policySteps(open);
    assertThat(o).isNotEmpty();
    int k = 0;
    int episode = -1;
    for (JsonNode s : o) {
      if (s.get("episode").asInt() != episode) {
        episode = s.get("episode").asInt();
        k = 0;
      }
      assertThat(s.get("query").asInt()).as(s.toString()).isEqualTo(k / 8);
      assertThat(s.get("blend").asInt()).isEqualTo(1);
      k++;
    }
    // temporal ensemble: a query every step, min(k + 1, 8) predictions averaged
    episode = -1;
    for (JsonNode s : policySteps(ens)) {
      if (s.get("episode").asInt() != episode) {
        episode = s.get("episode").asInt();
        k = 0;
      }
      assertThat(s.get("query").asInt()).as(s.toString()).isEqualTo(k);
      assertThat(s.get("blend").asInt()).isEqualTo(Math.min(k + 1, 8));
      k++;
    }
    // the weighted queue: a new query when 4 of 8 planned actions are left, so 2 predictions blended after the first
    List<JsonNode> q = policySteps(queue);
    assertThat(q.get(0).get("query").asInt()).isZero();
    assertThat(q.get(4).get("query").asInt()).isEqualTo(1);
    assertThat(q.get(4).get("blend").asInt()).isEqualTo(2);
    assertThat(Files.readString(ens.resolve("steps.jsonl"))).isNotEqualTo(Files.readString(open.resolve("steps.jsonl")));

    JsonNode cfg = JSON.readTree(ens.resolve("config.json").toFile());
    assertThat(cfg.get("arguments").get("executor").asText()).isEqualTo("ensemble:0.01");
    assertThat(cfg.get("plan").get("executor").asText()).isEqualTo("ensemble:0.01");
    assertThat(cfg.get("fingerprint").get("executor").asText()).isEqualTo("ensemble:0.01");
    JsonNode def = JSON.readTree(open.resolve("config.json").toFile());
    assertThat(def.get("arguments").get("executor").asText()).isEqualTo("open-loop");
    assertThat(def.get("plan").has("executor")).isFalse();

    for (Path run : List.of(open, ens, queue)) {
      String[] rep = SimReplayMonitorTest.run(SimReplayMonitorTest.cli(SimReplayMonitorTest.provider()), "replay", run.toString());
      assertThat(rep[0]).as(run + rep[1] + rep[2]).isEqualTo("0");
      assertThat(rep[1].lines().filter(l -> l.contains(": identical (")).count()).as(rep[1]).isEqualTo(2);
    }

    // a changed query number is a divergence
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    for (String f : List.of("config.json", "episodes.jsonl", "steps.jsonl")) Files.copy(ens.resolve(f), bad.resolve(f));
    List<String> lines = Files.readAllLines(bad.resolve("steps.jsonl"));
    int at = -1;
    for (int i = 0; i < lines.size() && at < 0; i++) if (lines.get(i).contains("\"query\":3,")) at = i;
    lines.set(at, lines.get(at).replace("\"query\":3,", "\"query\":4,"));
    Files.write(bad.resolve("steps.jsonl"), lines);
    String[] rep = SimReplayMonitorTest.run(SimReplayMonitorTest.cli(SimReplayMonitorTest.provider()), "replay", bad.toString(),
        "--episode", "0");
    assertThat(rep[1] + rep[2]).contains("query logged 4, replayed 3");
  }

  @Test
  void theMonitorInWarnModeLeavesAChunkedRunsLogsAsTheyAre(@TempDir Path tmp) throws Exception {
    Path off = tmp.resolve("off");
    Path warn = tmp.resolve("warn");
    assertThat(eval(off, "--executor", "queue:latest")[0]).isEqualTo("0");
    String[] r = eval(warn, "--executor", "queue:latest", "--monitor", "warn");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
      assertThat(Files.readAllBytes(warn.resolve(f))).as(f).isEqualTo(Files.readAllBytes(off.resolve(f)));
    }
  }

  @Test
  void aOneActionPolicyRefusesANonDefaultExecutorAndPlainRunsLogNoQuery(@TempDir Path tmp) throws Exception {
    CliRun.Result r = CliRun.run("eval", "--policy", "expert", "--executor", "ensemble:0.01", "--tasks", "0", "--episodes-per-task", "1",
        "--out", tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--executor ensemble:0.01 needs a policy that answers action chunks");
    CliRun.Result s = CliRun.run("eval", "--policy", "expert", "--executor", "sometimes", "--out", tmp.resolve("y").toString());
    assertThat(s.code()).isEqualTo(2);
    assertThat(s.err()).contains("--executor 'sometimes' is not an executor; valid: open-loop");
    Path plain = tmp.resolve("plain");
    String[] p = SimReplayMonitorTest.run(SimReplayMonitorTest.cli(SimReplayMonitorTest.provider()), "eval", "--policy", "expert",
        "--tasks", "0", "--episodes-per-task", "1", "--init-states", "0", "--no-progress", "--out", plain.toString());
    assertThat(p[0]).as(p[1] + p[2]).isEqualTo("0");
    assertThat(Files.readString(plain.resolve("steps.jsonl"))).doesNotContain("query");
  }
}
