package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.runlog.RunLogs;

/**
 * {@code eval --batch B} with the shipped model, real MuJoCo and ONNX Runtime: steps.jsonl and
 * episodes.jsonl are byte-identical to the unbatched single-worker run for batch 4 and 3 with 2
 * workers (a plan of two tasks, so batches hold two prompts, and more slots than episodes, so
 * episodes end and leave their batch while others go on); config.json records the batch; a policy
 * that cannot batch is refused in one line.
 */
class BatchEvalCliTest {
  @TempDir Path tmp;

  CliRun.Result eval(String name, int workers, int batch) {
    return CliRun.run("eval", "--policy", "tiny-vla", "--tasks", "4,5", "--episodes-per-task", "3", "--init-states", "0-2", "--seed", "3",
        "--workers", String.valueOf(workers), "--batch", String.valueOf(batch), "--no-progress", "--out", tmp.resolve(name).toString());
  }

  @Test
  void batchedRunsWriteTheUnbatchedLogs() throws Exception {
    assertThat(eval("b1", 1, 1).code()).isZero();
    for (int[] wb : new int[][] {{2, 4}, {2, 3}}) {
      String name = "w" + wb[0] + "b" + wb[1];
      CliRun.Result r = eval(name, wb[0], wb[1]);
      assertThat(r.code()).as(r.err()).isZero();
      for (String f : new String[] {"steps.jsonl", "episodes.jsonl"}) {
        assertThat(Files.readAllBytes(tmp.resolve(name).resolve(f))).as(f + " of " + name)
            .isEqualTo(Files.readAllBytes(tmp.resolve("b1").resolve(f)));
      }
      assertThat(RunLogs.config(tmp.resolve(name)).path("arguments").path("batch").asInt()).isEqualTo(wb[1]);
    }
    assertThat(RunLogs.config(tmp.resolve("b1")).path("arguments").has("batch")).as("unbatched config.json as before").isFalse();
    assertThat(RunLogs.episodes(tmp.resolve("b1"))).hasSize(6);
  }

  @Test
  void aPolicyThatCannotBatchAndABadBatchAreRefused() {
    CliRun.Result r = CliRun.run("eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "1", "--batch", "2", "--out",
        tmp.resolve("e").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--batch 2 needs a model folder policy").contains("use --batch 1");
    CliRun.Result z = CliRun.run("eval", "--policy", "tiny-vla", "--batch", "0", "--out", tmp.resolve("z").toString());
    assertThat(z.code()).isEqualTo(2);
    assertThat(z.err()).contains("--batch must be at least 1, got 0");
    assertThat(tmp.resolve("z")).doesNotExist();
  }
}
