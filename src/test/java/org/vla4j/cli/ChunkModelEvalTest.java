package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked model folder (the small OFT-style test model, src/test/resources/models/tiny-vla-oft-test)
 * through the CLI on the real simulator and ONNX Runtime: {@code eval --executor open-loop:8} queries
 * every 8 policy steps and reruns byte-identical, the default executor is the model's own (the whole
 * chunk), {@code --batch 2} is refused with one line, and preflight skips the checks that need token
 * logits, saying why, instead of failing.
 */
class ChunkModelEvalTest {
  static final String MODEL = "src/test/resources/models/tiny-vla-oft-test";

  static CliRun.Result eval(Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("eval", "--policy", MODEL, "--tasks", "0", "--episodes-per-task", "1",
        "--init-states", "0", "--seed", "3", "--workers", "1", "--no-progress", "--out", out.toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void openLoopOverTheChunkRerunsByteIdenticalAndIsTheModelsDefault(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a"), b = tmp.resolve("b"), d = tmp.resolve("default");
    for (Path p : List.of(a, b)) {
      CliRun.Result r = eval(p, "--executor", "open-loop:8");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
    }
    CliRun.Result r = eval(d);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
      assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
      assertThat(Files.readAllBytes(d.resolve(f))).as(f + " with the default executor").isEqualTo(Files.readAllBytes(a.resolve(f)));
    }
    List<JsonNode> steps = ChunkedEvalTest.policySteps(a);
    assertThat(steps).hasSizeGreaterThan(8);
    for (int k = 0; k < steps.size(); k++) {
      assertThat(steps.get(k).get("query").asInt()).as(steps.get(k).toString()).isEqualTo(k / 8);
      assertThat(steps.get(k).get("tag").asText()).isEqualTo("tiny-vla-oft-test");
    }
  }

  @Test
  void batchIsRefusedAndPreflightSkipsTheLogitChecks(@TempDir Path tmp) {
    CliRun.Result r = eval(tmp.resolve("batch"), "--batch", "2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("answers action chunks").contains("--batch 1").doesNotContain("Exception");
    CliRun.Result p = CliRun.run("preflight", "--policy", MODEL, "--task", "0", "--init-states", "0");
    assertThat(p.code()).as(p.out() + p.err()).isIn(0, 1);
    assertThat(p.out()).contains("SKIP image_orientation", "SKIP prompt_template", "SKIP golden", "continuous action head")
        .containsPattern("(PASS|WARN|FAIL) unnorm_key").containsPattern("(PASS|WARN|FAIL) gripper");
  }
}
