package org.vla4j.sim.libero.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vla4j.mujoco.MjModel;
import org.vla4j.sim.libero.SharedLibero;

/**
 * How far libero_spatial, libero_goal and libero_10 get: every task is composed, compiled and compared
 * with its reference; the outcome of each is written to {@code target/libero-scene-report.md} and printed.
 * All 30 compile equal today ({@link #EXPECTED_EQUAL}); any regression fails the test.
 */
class OtherSuitesSceneTest {
  /** How many of the 30 tasks compile equal to their reference. */
  static final int EXPECTED_EQUAL = 30;

  @Test
  void report() throws Exception {
    SharedLibero.paths();
    List<String> lines = new ArrayList<>();
    List<String> equal = new ArrayList<>();
    lines.add("| suite | task | problem class | result |");
    lines.add("|---|---|---|---|");
    for (String suite : List.of("libero_spatial", "libero_goal", "libero_10")) {
      for (int task = 0; task < 10; task++) {
        String pc = SharedLibero.info(suite, task).path("problem_class").asText();
        String result;
        try {
          LiberoScene scene = LiberoObjectSceneTest.compose(suite, task);
          try (MjModel ours = MjModel.fromXml(scene.xml()); MjModel ref = LiberoObjectSceneTest.reference(suite, task)) {
            ModelComparison.Report r = ModelComparison.compare(ours, ref);
            if (r.equal(0.0)) {
              result = "EQUAL";
              equal.add(suite + "/" + task);
            } else {
              result = "differs: " + r.summary(0.0).strip().replace("\n", "; ");
            }
          }
        } catch (RuntimeException e) {
          result = "not composed: " + e.getMessage();
        }
        lines.add("| " + suite + " | " + task + " | " + pc + " | " + result.replace("|", "/") + " |");
      }
    }
    String text = String.join("\n", lines) + "\n\n" + equal.size() + " of 30 tasks compile equal\n";
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/libero-scene-report.md"), text);
    System.out.println(text);
    assertThat(equal).as(text).hasSize(EXPECTED_EQUAL);
  }
}
