package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow-matching model folder evaluated end to end (real simulator, real ONNX Runtime, the CLI's
 * own runner provider): the flow-matching test model ({@code src/test/resources/models/tiny-vla-fm-test})
 * runs under {@code --executor open-loop:8} and {@code ensemble:0.1}; a rerun writes byte-identical
 * logs (the noise comes from the episode seed); the Euler-step override ({@code ?steps=N}) is
 * recorded in config.json's policy, pipeline and fingerprint ({@code flow_matching_steps}); bad options and {@code --batch} fail with exit 2.
 */
class FlowMatchingEvalTest {
  static final String MODEL = "src/test/resources/models/tiny-vla-fm-test";

  static String[] eval(Path out, String policy, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("eval", "--policy", policy, "--tasks", "0", "--episodes-per-task", "1",
        "--init-states", "0", "--seed", "3", "--workers", "1", "--no-progress", "--out", out.toString()));
    args.addAll(List.of(extra));
    return SimReplayMonitorTest.run(SimReplayMonitorTest.cli(DefaultRunners.provider()), args.toArray(String[]::new));
  }

  @Test
  void runsUnderChunkExecutorsAndRerunsByteIdentical(@TempDir Path tmp) throws Exception {
    Path open = tmp.resolve("open"), again = tmp.resolve("again"), ens = tmp.resolve("ens");
    String policy = MODEL + "?steps=2";
    String[] r = eval(open, policy, "--executor", "open-loop:8");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    r = eval(again, policy, "--executor", "open-loop:8");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    r = eval(ens, policy, "--executor", "ensemble:0.1");
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
      assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(open.resolve(f)));
    }
    List<JsonNode> o = ChunkedEvalTest.policySteps(open);
    assertThat(o).isNotEmpty();
    for (int k = 0; k < o.size(); k++) assertThat(o.get(k).get("query").asInt()).as(o.get(k).toString()).isEqualTo(k / 8);
    List<JsonNode> e = ChunkedEvalTest.policySteps(ens);
    for (int k = 0; k < e.size(); k++) {
      assertThat(e.get(k).get("query").asInt()).isEqualTo(k);
      assertThat(e.get(k).get("blend").asInt()).isEqualTo(Math.min(k + 1, 16));
    }
    JsonNode cfg = ChunkedEvalTest.JSON.readTree(open.resolve("config.json").toFile());
    assertThat(cfg.toString()).contains("?steps=2").contains("flow-matching H16 euler x2");
    assertThat(cfg.get("fingerprint").get("flow_matching_steps").asText()).isEqualTo("2");
  }

  @Test
  void badOptionsAndBatchFailWithOneLine(@TempDir Path tmp) {
    String[] r = eval(tmp.resolve("a"), MODEL + "?steps=zero");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("steps=N").doesNotContain("Exception");
    r = eval(tmp.resolve("b"), MODEL, "--batch", "2");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--batch 2").contains("--batch 1");
    r = eval(tmp.resolve("c"), "models/tiny-vla?steps=3");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("flow-matching");
  }
}
