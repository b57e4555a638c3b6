package org.vla4j.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one JSONL reader: a crashed writer's partial last line is ignored the same way by every run-file reader. */
class JsonlTest {
  @TempDir Path tmp;

  List<Integer> episodes(String text) throws Exception {
    Path f = tmp.resolve("episodes.jsonl");
    Files.writeString(f, text);
    List<Integer> out = new ArrayList<>();
    Jsonl.forEach(f, (n, no) -> out.add(n.get("episode").asInt()));
    return out;
  }

  @Test
  void aPartialLastLineIsIgnoredAndACompleteOneWithoutNewlineKept() throws Exception {
    assertThat(episodes("{\"episode\":0}\n{\"episode\":1}\n{\"epi")).containsExactly(0, 1);
    assertThat(episodes("{\"episode\":0}\n\n{\"episode\":1}")).containsExactly(0, 1);
  }

  @Test
  void aBrokenCompleteLineIsNamed() {
    assertThatThrownBy(() -> episodes("{\"episode\":0}\n{oops}\n{\"episode\":2}\n"))
        .hasMessageContaining("episodes.jsonl line 2: not valid JSON");
  }

  @Test
  void runLogsAndStepRowsReadAKilledRunAlike() throws Exception {
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    String step = "{\"episode\":0,\"step\":0,\"img_mean\":1.0000,\"action\":[0,0,0,0,0,0,-1],\"reward\":0.0000,\"done\":false,\"tag\":\"wait\"}";
    Files.writeString(dir.resolve("steps.jsonl"), step + "\n" + step.substring(0, 40));
    assertThat(StepRows.read(dir.resolve("steps.jsonl"))).hasSize(1);
    assertThat(RunLogs.stepLines(dir, 0)).hasSize(1);
  }
}
