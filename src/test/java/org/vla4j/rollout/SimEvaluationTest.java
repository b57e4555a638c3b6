package org.vla4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.Suite;

/** The evaluation on the real simulator and renderer: determinism across worker counts, and the logged protocol. */
class SimEvaluationTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static RunnerProvider expert(EnvConfig config) {
    return new RunnerProvider() {
      @Override
      public EpisodeRunner.Factory factory(Suite suite, String policy) {
        return SimEpisodeRunner.factory(suite, config, () -> new ExpertAgent(ScriptedExpert.Noise.NONE, "expert"));
      }

      @Override
      public List<String> policies() {
        return List.of("expert");
      }
    };
  }

  @Test
  void realEpisodesAreByteIdenticalForOneAndTwoWorkers(@TempDir Path tmp) throws Exception {
    EnvConfig config = new EnvConfig(64, RenderSettings.FAST, true, true);
    Evaluation eval = new Evaluation(expert(config));
    EvalRequest one = new EvalRequest("object", "expert", "1,6", 2, "3-4", 5, tmp.resolve("w1"), false, 1, List.of());
    EvalRequest two = new EvalRequest("object", "expert", "1,6", 2, "3-4", 5, tmp.resolve("w2"), false, 2, List.of());
    eval.run(one, EvalListener.NONE);
    eval.run(two, EvalListener.NONE);
    for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
      assertThat(Files.readAllBytes(tmp.resolve("w2").resolve(f))).as(f).isEqualTo(Files.readAllBytes(tmp.resolve("w1").resolve(f)));
    }
    List<String> episodes = Files.readAllLines(tmp.resolve("w1/episodes.jsonl"));
    assertThat(episodes).hasSize(4);
    for (String line : episodes) {
      JsonNode e = JSON.readTree(line);
      assertThat(e.get("success").asBoolean()).as(line).isTrue();
      assertThat(e.get("failure_reason").isNull()).isTrue();
      assertThat(e.get("first_gripper_close_step").asInt()).isBetween(1, e.get("steps").asInt() - 1);
    }
    // protocol: 10 wait steps [0,0,0,0,0,0,-1] tagged "wait" start every episode, then the expert's steps
    List<JsonNode> steps = Files.readAllLines(tmp.resolve("w1/steps.jsonl")).stream().map(SimEvaluationTest::parse).toList();
    List<JsonNode> first = steps.stream().filter(s -> s.get("episode").asInt() == 0).toList();
    for (int i = 0; i < 10; i++) {
      assertThat(first.get(i).get("tag").asText()).isEqualTo("wait");
      assertThat(first.get(i).get("action").get(6).asDouble()).isEqualTo(-1.0);
    }
    assertThat(first.get(10).get("tag").asText()).isEqualTo("expert");
    assertThat(first.getLast().get("done").asBoolean()).isTrue();
    assertThat(first.get(0).get("img_mean").asDouble()).isBetween(20.0, 235.0);
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
