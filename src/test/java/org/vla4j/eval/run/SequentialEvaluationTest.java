package org.vla4j.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.plan.Shard;
import org.vla4j.eval.stats.Proportion;
import org.vla4j.eval.stats.WilsonWidthRule;
import org.vla4j.policy.steps.Fault;

/** {@code eval --until-ci-width} and {@code --sequential-vs} end to end with {@link FakeRunners}. */
class SequentialEvaluationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** 3 tasks × 40 episodes: 120 episodes. */
  private static EvalRequest request(Path out, int workers, long seed, SequentialStop stop, boolean resume) {
    return new EvalRequest("object", "expert", "0,3,9", 40, "0-9", seed, out, resume, workers, List.of(), Fault.NONE,
        MonitorChoice.OFF, null, Shard.ALL, stop);
  }

  private static Evaluation.Outcome run(EvalRequest req) {
    return new Evaluation(FakeRunners.plain()).run(req, EvalListener.NONE);
  }

  private static List<JsonNode> lines(Path p) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(p)) out.add(JSON.readTree(l));
    return out;
  }

  private static SequentialStop width(double w) {
    return new SequentialStop(w, null, 0.05, 0.05, 0.8, null, false);
  }

  @Test
  void theWidthRuleStopsAtTheFirstNarrowEnoughPrefixOfTheSeededOrderWhateverTheWorkers() throws IOException {
    Path one = tmp.resolve("w1"), four = tmp.resolve("w4");
    run(request(one, 1, 7, width(0.25), false));
    Evaluation.Outcome o = run(request(four, 4, 7, width(0.25), false));
    for (String f : List.of("steps.jsonl", "episodes.jsonl", "timings.jsonl")) {
      if (f.equals("timings.jsonl")) continue; // wall times differ
      assertThat(Files.readAllBytes(four.resolve(f))).as(f).isEqualTo(Files.readAllBytes(one.resolve(f)));
    }
    assertThat(lines(four.resolve("timings.jsonl"))).hasSameSizeAs(lines(one.resolve("timings.jsonl")));
    JsonNode config = JSON.readTree(one.resolve("config.json").toFile());
    JsonNode summary = JSON.readTree(one.resolve("summary.json").toFile());
    List<JsonNode> eps = lines(one.resolve("episodes.jsonl"));
    int n = eps.size();
    assertThat(n).isLessThan(120).isGreaterThan(10);
    // the logged episodes are the first n of the recorded order, which is a permutation of the plan
    List<Integer> order = new ArrayList<>();
    config.get("order").forEach(e -> order.add(e.asInt()));
    assertThat(order).hasSize(120).doesNotHaveDuplicates().isNotEqualTo(order.stream().sorted().toList());
    assertThat(eps).extracting(e -> e.get("episode").asInt()).containsExactlyElementsOf(order.subList(0, n));
    assertThat(config.at("/plan/sequential/until_ci_width").asDouble()).isEqualTo(0.25);
    assertThat(config.at("/plan/sequential/order_seed").asLong()).isEqualTo(7);
    // the stop is the first prefix narrower than W
    int ok = 0;
    for (int i = 0; i < n; i++) {
      if (eps.get(i).get("success").asBoolean()) ok++;
      double w = WilsonWidthRule.width(new Proportion(ok, i + 1));
      if (i < n - 1) assertThat(w).as("width after %d episodes", i + 1).isGreaterThanOrEqualTo(0.25);
      else assertThat(w).isLessThan(0.25);
    }
    assertThat(summary.at("/stop/reason").asText()).isEqualTo("ci_width_reached");
    assertThat(summary.at("/stop/episodes_used").asInt()).isEqualTo(n);
    assertThat(summary.at("/stop/episodes_planned").asInt()).isEqualTo(120);
    assertThat(summary.at("/stop/ci_width").asDouble()).isLessThan(0.25);
    assertThat(summary.at("/overall/episodes").asInt()).isEqualTo(n);
    assertThat(o.stopNote()).contains("stopped after " + n + " of 120 episodes");
  }

  @Test
  void resumingAStoppedRunRunsNothingMore() throws IOException {
    Path dir = tmp.resolve("r");
    run(request(dir, 2, 7, width(0.3), false));
    byte[] episodes = Files.readAllBytes(dir.resolve("episodes.jsonl"));
    Evaluation.Outcome again = run(request(dir, 2, 7, width(0.3), true));
    assertThat(Files.readAllBytes(dir.resolve("episodes.jsonl"))).isEqualTo(episodes);
    assertThat(again.summary().episodesRun()).isZero();
    assertThatThrownBy(() -> run(request(dir, 2, 7, width(0.2), true))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequential");
  }

  @Test
  void againstItselfThePairedTestSeesNoDiscordantEpisodeAndStaysUndecided() throws IOException {
    Path ref = tmp.resolve("ref");
    run(request(ref, 2, 7, SequentialStop.NONE, false));
    Path dir = tmp.resolve("seq");
    Evaluation.Outcome o = run(request(dir, 2, 7, new SequentialStop(null, ref, 0.1, 0.05, 0.8, null, false), false));
    JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile()).at("/stop");
    assertThat(s.at("/sequential/design").asText()).isEqualTo("paired");
    assertThat(s.at("/sequential/decision").asText()).isEqualTo("undecided");
    assertThat(s.at("/sequential/only_this").asInt()).isZero();
    assertThat(s.at("/reason").asText()).isEqualTo("plan_exhausted");
    assertThat(s.at("/episodes_used").asInt()).isEqualTo(120);
    assertThat(o.stopNote()).contains("UNDECIDED");
  }

  @Test
  void againstARunOnOtherEpisodesTheUnpairedTestDecidesBeforeThePlanEnds() throws IOException {
    Path ref = tmp.resolve("ref");
    run(request(ref, 2, 99, SequentialStop.NONE, false));
    Path dir = tmp.resolve("seq");
    Evaluation.Outcome o = run(request(dir, 3, 7, new SequentialStop(null, ref, 0.4, 0.05, 0.8, null, false), false));
    JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile()).at("/stop");
    assertThat(s.at("/sequential/design").asText()).isEqualTo("unpaired");
    // the same fake policy on other seeds: both rates are about 0.6, so no difference of 0.4 exists
    assertThat(s.at("/sequential/decision").asText()).isEqualTo("no_difference");
    assertThat(s.at("/reason").asText()).isEqualTo("sequential_decided");
    assertThat(s.at("/episodes_used").asInt()).isLessThan(120);
    assertThat(lines(dir.resolve("episodes.jsonl"))).hasSize(s.at("/episodes_used").asInt());
    assertThat(o.stopNote()).contains("NO DIFFERENCE");
  }

  @Test
  void badSequentialArgumentsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> width(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--until-ci-width");
    EvalRequest sharded = new EvalRequest("object", "expert", "0", 4, "0-3", 7, tmp.resolve("s"), false, 1, List.of(), Fault.NONE,
        MonitorChoice.OFF, null, Shard.parse("0/2"), width(0.2));
    assertThatThrownBy(() -> run(sharded)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--shard");
    assertThatThrownBy(() -> run(request(tmp.resolve("u"), 1, 7,
        new SequentialStop(null, tmp.resolve("missing"), 0.1, 0.05, 0.8, null, false), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    // refused before the output folder is touched
    assertThat(tmp.resolve("u")).doesNotExist();
  }
}
