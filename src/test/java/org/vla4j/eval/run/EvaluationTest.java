package org.vla4j.eval.run;

import org.vla4j.eval.stats.Proportion;
import org.vla4j.rollout.EpisodeSeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end behaviour of {@link Evaluation} with the deterministic {@link FakeRunners}. */
class EvaluationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** 3 tasks × 4 episodes over init states 5-7: 12 episodes. */
  private static EvalRequest request(Path out, int workers, boolean resume) {
    return request(out, workers, resume, 7);
  }

  private static EvalRequest request(Path out, int workers, boolean resume, long seed) {
    return new EvalRequest("object", "expert", "0,3,9", 4, "5-7", seed, out, resume, workers, List.of());
  }

  private static Evaluation.Outcome run(FakeRunners runners, EvalRequest req) {
    return new Evaluation(runners).run(req, EvalListener.NONE);
  }

  private static byte[] bytes(Path p) throws IOException {
    return Files.readAllBytes(p);
  }

  private static List<JsonNode> lines(Path p) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) out.add(JSON.readTree(l));
    return out;
  }

  private static void assertSameLogs(Path a, Path b) throws IOException {
    assertThat(bytes(b.resolve("steps.jsonl"))).isEqualTo(bytes(a.resolve("steps.jsonl")));
    assertThat(bytes(b.resolve("episodes.jsonl"))).isEqualTo(bytes(a.resolve("episodes.jsonl")));
  }

  private static void assertEpisodesZeroToN(Path dir, int n) throws IOException {
    List<JsonNode> eps = lines(dir.resolve("episodes.jsonl"));
    assertThat(eps).extracting(e -> e.get("episode").asInt()).containsExactlyElementsOf(range(n));
    assertThat(lines(dir.resolve("timings.jsonl"))).extracting(e -> e.get("episode").asInt()).containsExactlyElementsOf(range(n));
    // steps are grouped by episode, in order, and each episode's step count is there
    List<Integer> stepEpisodes = lines(dir.resolve("steps.jsonl")).stream().map(s -> s.get("episode").asInt()).toList();
    assertThat(stepEpisodes).isSorted();
    assertThat(Set.copyOf(stepEpisodes)).isEqualTo(Set.copyOf(range(n)));
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) r.add(i);
    return r;
  }

  @Test
  void logsAreByteIdenticalForOneAndThreeWorkers() throws IOException {
    FakeRunners runners = FakeRunners.plain();
    Path one = tmp.resolve("w1");
    Path three = tmp.resolve("w3");
    run(runners, request(one, 1, false));
    run(runners, request(three, 3, false));
    assertSameLogs(one, three);
    assertEpisodesZeroToN(one, 12);
    assertThat(runners.created().get()).as("one runner per worker thread").isEqualTo(1 + 3);
    assertThat(runners.closed().get()).isEqualTo(runners.created().get());
    // and the plan is what the docs say: trial k of a task uses init state 5 + k mod 3
    List<JsonNode> eps = lines(one.resolve("episodes.jsonl"));
    assertThat(eps).extracting(e -> e.get("task_id").asInt()).containsExactly(0, 0, 0, 0, 3, 3, 3, 3, 9, 9, 9, 9);
    assertThat(eps).extracting(e -> e.get("init_state").asInt()).containsExactly(5, 6, 7, 5, 5, 6, 7, 5, 5, 6, 7, 5);
    assertThat(eps.get(5).get("seed").asLong()).isEqualTo(EpisodeSeeds.seed(7, 3, 1));
  }

  @Test
  void aDifferentSeedGivesDifferentLogs() throws IOException {
    FakeRunners runners = FakeRunners.plain();
    run(runners, request(tmp.resolve("a"), 2, false, 7));
    run(runners, request(tmp.resolve("b"), 2, false, 8));
    assertThat(bytes(tmp.resolve("b/episodes.jsonl"))).isNotEqualTo(bytes(tmp.resolve("a/episodes.jsonl")));
  }

  @Test
  void resumeAfterACrashEndsWithTheFilesOfAnUninterruptedRun() throws IOException {
    Path reference = tmp.resolve("reference");
    run(FakeRunners.plain(), request(reference, 2, false));

    Path crashed = tmp.resolve("crashed");
    assertThatThrownBy(() -> run(FakeRunners.plain().crashingAt(7), request(crashed, 3, false)))
        .isInstanceOf(FakeRunners.Crash.class);
    int written = lines(crashed.resolve("episodes.jsonl")).size();
    assertThat(written).as("episodes before the crash are kept, the crashed one is not").isBetween(0, 7);
    assertThat(crashed.resolve("summary.json")).doesNotExist();

    Evaluation.Outcome resumed = run(FakeRunners.plain(), request(crashed, 1, true));
    assertThat(resumed.summary().episodesRun()).as("only the missing episodes run").isEqualTo(12 - written);
    assertSameLogs(reference, crashed);
    assertEpisodesZeroToN(crashed, 12);
    assertThat(resumed.summary().overall().rate().n()).isEqualTo(12);
  }

  @Test
  void resumeAfterAKillInTheMiddleOfALine() throws IOException {
    Path reference = tmp.resolve("reference");
    run(FakeRunners.plain(), request(reference, 2, false));
    Path killed = tmp.resolve("killed");
    run(FakeRunners.plain(), request(killed, 2, false));
    // As if killed while writing episode 5: its steps and half its timing line are out, its episode line is not.
    cutAfterEpisode(killed.resolve("episodes.jsonl"), 4, "{\"episode\":5,\"task");
    cutAfterEpisode(killed.resolve("timings.jsonl"), 4, "{\"episode\":5,\"wal");
    cutAfterEpisode(killed.resolve("steps.jsonl"), 5, "{\"episode\":6,\"step\":0,\"img_");

    Evaluation.Outcome resumed = run(FakeRunners.plain(), request(killed, 3, true));
    assertThat(resumed.summary().episodesRun()).isEqualTo(12 - 5);
    assertSameLogs(reference, killed);
    assertEpisodesZeroToN(killed, 12);
  }

  /** Keeps the lines of episodes ≤ lastKept, then appends a partial line. */
  private static void cutAfterEpisode(Path file, int lastKept, String partial) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String l : Files.readAllLines(file)) {
      if (JSON.readTree(l).get("episode").asInt() <= lastKept) sb.append(l).append('\n');
    }
    Files.writeString(file, sb + partial);
  }

  @Test
  void resumingAFinishedRunRunsNothingAndChangesNothing() throws IOException {
    Path dir = tmp.resolve("done");
    run(FakeRunners.plain(), request(dir, 2, false));
    byte[] steps = bytes(dir.resolve("steps.jsonl"));
    Evaluation.Outcome again = run(FakeRunners.plain(), request(dir, 2, true));
    assertThat(again.summary().episodesRun()).isZero();
    assertThat(bytes(dir.resolve("steps.jsonl"))).isEqualTo(steps);
    assertThat(dir.resolve("summary.json")).exists();
  }

  @Test
  void resumeWithOtherArgumentsFailsAndSaysWhatDiffers() {
    Path dir = tmp.resolve("run");
    run(FakeRunners.plain(), request(dir, 2, false, 7));
    assertThatThrownBy(() -> run(FakeRunners.plain(), request(dir, 2, true, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed: stored 7, now 8")
        .hasMessageContaining("--workers");
  }

  @Test
  void anUsedFolderWithoutResumeIsRefused() {
    Path dir = tmp.resolve("run");
    run(FakeRunners.plain(), request(dir, 2, false));
    assertThatThrownBy(() -> run(FakeRunners.plain(), request(dir, 2, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds an evaluation")
        .hasMessageContaining("--resume")
        .hasMessageContaining("another --out");
  }

  @Test
  void anEpisodeThatThrowsIsRecordedAsFailedAndTheOthersRun() throws IOException {
    FakeRunners runners = FakeRunners.plain().throwing(Set.of(3, 4));
    Path one = tmp.resolve("w1");
    Path two = tmp.resolve("w2");
    run(runners, request(one, 1, false));
    run(runners, request(two, 2, false));
    assertSameLogs(one, two);
    assertEpisodesZeroToNExceptSteps(one, Set.of(3, 4));
    List<JsonNode> eps = lines(one.resolve("episodes.jsonl"));
    assertThat(eps.get(3).get("success").asBoolean()).isFalse();
    assertThat(eps.get(3).get("failure_reason").asText())
        .isEqualTo("error: IllegalStateException: fake failure in episode 3");
    assertThat(eps.get(3).get("steps").asInt()).isZero();
    assertThat(eps.get(5).get("steps").asInt()).isPositive();
    // the broken runner is replaced: each throw closes one runner and a new one is created
    assertThat(runners.closed().get()).isEqualTo(runners.created().get());
  }

  private static void assertEpisodesZeroToNExceptSteps(Path dir, Set<Integer> withoutSteps) throws IOException {
    assertThat(lines(dir.resolve("episodes.jsonl"))).extracting(e -> e.get("episode").asInt()).containsExactlyElementsOf(range(12));
    Set<Integer> withSteps = Set.copyOf(lines(dir.resolve("steps.jsonl")).stream().map(s -> s.get("episode").asInt()).toList());
    for (int i = 0; i < 12; i++) assertThat(withSteps.contains(i)).as("episode %d has steps", i).isEqualTo(!withoutSteps.contains(i));
  }

  @Test
  void anUnstableSimulationEndsThatEpisodeOnly() throws IOException {
    Path dir = tmp.resolve("run");
    Evaluation.Outcome o = run(FakeRunners.plain().unstableAt(Set.of(2)), request(dir, 2, false));
    List<JsonNode> eps = lines(dir.resolve("episodes.jsonl"));
    assertThat(eps).hasSize(12);
    assertThat(eps.get(2).get("failure_reason").asText()).isEqualTo("sim_unstable");
    assertThat(eps.get(2).get("success").asBoolean()).isFalse();
    // the NaN of the last step is logged as null, and the line is still valid JSON
    List<JsonNode> steps2 = lines(dir.resolve("steps.jsonl")).stream().filter(s -> s.get("episode").asInt() == 2).toList();
    assertThat(steps2.getLast().get("img_mean").isNull()).isTrue();
    assertThat(o.summary().overall().rate().n()).isEqualTo(12);
  }

  @Test
  void summaryAndConfigDescribeTheRun() throws IOException {
    Path dir = tmp.resolve("run");
    run(FakeRunners.plain(), request(dir, 2, false));
    List<JsonNode> eps = lines(dir.resolve("episodes.jsonl"));
    JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.get("suite").asText()).isEqualTo("object");
    assertThat(summary.get("per_task")).hasSize(3);
    JsonNode task3 = summary.get("per_task").get(1);
    assertThat(task3.get("task_id").asInt()).isEqualTo(3);
    long ok3 = eps.stream().filter(e -> e.get("task_id").asInt() == 3 && e.get("success").asBoolean()).count();
    assertThat(task3.get("episodes").asInt()).isEqualTo(4);
    assertThat(task3.get("successes").asLong()).isEqualTo(ok3);
    Proportion p = new Proportion((int) ok3, 4);
    assertThat(task3.get("success_rate").asDouble()).isCloseTo(p.successRate(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(task3.get("wilson95").get(1).asDouble()).isCloseTo(p.wilson95().hi(), org.assertj.core.data.Offset.offset(1e-6));
    long okAll = eps.stream().filter(e -> e.get("success").asBoolean()).count();
    assertThat(summary.get("overall").get("successes").asLong()).isEqualTo(okAll);
    assertThat(summary.get("overall").get("episodes").asInt()).isEqualTo(12);
    assertThat(summary.has("wall_s")).isTrue();
    assertThat(summary.has("episodes_per_hour")).isTrue();

    JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
    assertThat(config.get("mujoco_version").asText()).isEqualTo("3.14.0");
    assertThat(config.get("git_commit").asText()).isNotBlank();
    assertThat(config.get("episodes").asInt()).isEqualTo(12);
    assertThat(config.get("plan").get("task_ids").toString()).isEqualTo("[0,3,9]");
    assertThat(config.get("plan").get("init_states").toString()).isEqualTo("[5,6,7]");
    assertThat(config.get("arguments").get("workers").asInt()).isEqualTo(2);
    assertThat(config.get("suite").get("max_steps").asInt()).isEqualTo(280);
  }

  @Test
  void badInputFailsAndListsTheValidChoices() throws IOException {
    Path out = tmp.resolve("run");
    FakeRunners r = FakeRunners.plain();
    assertThatThrownBy(() -> run(r, new EvalRequest("objects", "expert", "all", 1, "0", 0, out, false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'objects'").hasMessageContaining("valid suites: libero_object, object");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "openvla", "all", 1, "0", 0, out, false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'openvla'").hasMessageContaining("valid policies: expert");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "expert", "0,10", 1, "0", 0, out, false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task id 10").hasMessageContaining("0..9");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "expert", "all", 1, "0-50", 0, out, false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("init state 50").hasMessageContaining("0..49");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "expert", "all", 0, "0", 0, out, false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--episodes-per-task");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "expert", "all", 1, "0", 0, out, false, 0, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--workers");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "expert", "all", 1, "0", 0, file.resolve("run"), false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot create output folder").hasMessageContaining("--out");
    assertThatThrownBy(() -> run(r, new EvalRequest("object", "expert", "all", 1, "0", 0, file, false, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a file, not a folder");
    assertThat(r.created().get()).as("no runner is created for bad input").isZero();
    assertThat(out).doesNotExist();
  }

  @Test
  void aPolicyThatCannotBeLoadedLeavesNoRunFolder() {
    Path out = tmp.resolve("run");
    RunnerProvider unloadable = new RunnerProvider() {
      @Override
      public org.vla4j.rollout.EpisodeRunner.Factory factory(org.vla4j.sim.suite.Suite suite, String policy) {
        throw new IllegalStateException("model file missing");
      }

      @Override
      public List<String> policies() {
        return List.of("expert");
      }
    };
    assertThatThrownBy(() -> new Evaluation(unloadable).run(request(out, 1, false), EvalListener.NONE))
        .hasMessage("model file missing");
    assertThat(out).doesNotExist();
  }
}
