package org.vla4j.diagnose.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vla4j.diagnose.predicates.Diagnosis;
import org.vla4j.diagnose.predicates.TrajectoryStats;
import org.vla4j.diagnose.predicates.Verdict;

/** The matrix and its pass/fail logic on synthetic verdicts (no simulator). */
class DrillMatrixTest {
  static final TrajectoryStats STATS = new TrajectoryStats(30, 0, 0.25, 0.1, 20, 0.05, 1, 2, false, 4.5, 0.01, 0.0);

  /** A run of {@code drill} on which exactly the predicates {@code fired} fire. */
  static DrillRun run(Drill drill, int initState, String... fired) {
    List<Verdict> vs = new ArrayList<>();
    for (String p : DrillMatrix.PREDICATES) {
      boolean f = List.of(fired).contains(p);
      vs.add(new Verdict(p, f, p + (f ? " fired" : " quiet"), Map.of("policy_steps", 30.0)));
    }
    return new DrillRun(drill, initState, false, 30, "timeout", new Diagnosis(0, 30, vs), STATS);
  }

  static DrillMatrix matrix(int initState, String[] baseline, String[] noFlip, String[] badPrompt, String[] badUnnorm) {
    return new DrillMatrix(initState, List.of(run(Drill.BASELINE, initState, baseline), run(Drill.NO_FLIP, initState, noFlip),
        run(Drill.BAD_PROMPT, initState, badPrompt), run(Drill.BAD_UNNORM, initState, badUnnorm)));
  }

  static String[] of(String... s) {
    return s;
  }

  @Test
  void theDiagonalPasses() {
    DrillMatrix m = matrix(3, of(), of("NO_FLIP"), of("BAD_PROMPT"), of("BAD_UNNORM"));
    assertThat(m.passed()).isTrue();
    assertThat(m.mismatches()).isEmpty();
    assertThat(m.table()).contains("baseline").doesNotContain("MISMATCH");
    ObjectNode j = m.toJson();
    assertThat(j.get("passed").asBoolean()).isTrue();
    assertThat(j.get("init_state").asInt()).isEqualTo(3);
    assertThat(j.get("runs").get(1).get("tag").asText()).isEqualTo("no_flip");
    assertThat(j.get("runs").get(1).get("fired").get(0).asText()).isEqualTo("NO_FLIP");
    assertThat(j.get("runs").get(0).get("expected").isNull()).isTrue();
    assertThat(j.get("runs").get(0).get("predicates").get("BAD_PROMPT").get("fired").asBoolean()).isFalse();
  }

  @Test
  void everyKindOfMismatchIsNamed() {
    DrillMatrix m = matrix(0, of("NO_FLIP"), of(), of("BAD_PROMPT", "NO_FLIP"), of("BAD_PROMPT"));
    assertThat(m.passed()).isFalse();
    assertThat(m.mismatches()).containsExactly(
        "baseline fired NO_FLIP, expected none",
        "no_flip fired nothing, expected NO_FLIP alone",
        "bad_prompt fired BAD_PROMPT + NO_FLIP, expected BAD_PROMPT alone",
        "bad_unnorm fired BAD_PROMPT, expected BAD_UNNORM alone");
    assertThat(m.toJson().get("mismatches")).hasSize(4);
  }

  @Test
  void oneWrongCellFailsTheMatrix() {
    DrillMatrix m = matrix(0, of(), of("NO_FLIP"), of(), of("BAD_UNNORM"));
    assertThat(m.passed()).isFalse();
    assertThat(m.mismatches()).containsExactly("bad_prompt fired nothing, expected BAD_PROMPT alone");
    assertThat(DrillMatrix.mismatches(List.of(matrix(1, of(), of("NO_FLIP"), of("BAD_PROMPT"), of("BAD_UNNORM")), m)))
        .containsExactly("init state 0: bad_prompt fired nothing, expected BAD_PROMPT alone");
  }

  @Test
  void tableHasOneRowPerRunAndACellPerPredicate() {
    String t = matrix(0, of(), of("NO_FLIP"), of("BAD_PROMPT"), of("BAD_PROMPT")).table();
    List<String> lines = t.lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).contains("BAD_PROMPT", "BAD_UNNORM", "NO_FLIP", "success", "steps");
    assertThat(lines.get(1)).startsWith("baseline").doesNotContain("FIRED").endsWith("ok");
    assertThat(lines.get(2)).startsWith("no_flip").contains("FIRED").endsWith("ok");
    assertThat(lines.get(4)).startsWith("bad_unnorm").contains("FIRED").endsWith("MISMATCH");
  }

  @Test
  void runsMustBeTheFourDrillsInOrderFromOneInitState() {
    assertThatThrownBy(() -> new DrillMatrix(0, List.of(run(Drill.NO_FLIP, 0), run(Drill.BASELINE, 0),
        run(Drill.BAD_PROMPT, 0), run(Drill.BAD_UNNORM, 0)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in that order");
    assertThatThrownBy(() -> new DrillMatrix(0, List.of(run(Drill.BASELINE, 0), run(Drill.NO_FLIP, 1),
        run(Drill.BAD_PROMPT, 0), run(Drill.BAD_UNNORM, 0)))).hasMessageContaining("init state 1");
  }

  @Test
  void featuresCsvHasOneLinePerRunGroupedByDrill() {
    List<DrillMatrix> ms = List.of(matrix(4, of(), of("NO_FLIP"), of("BAD_PROMPT"), of("BAD_UNNORM")),
        matrix(7, of("NO_FLIP"), of(), of("BAD_PROMPT"), of("BAD_UNNORM")));
    List<String> lines = DrillFeatures.csv(ms).lines().toList();
    assertThat(lines.getFirst()).isEqualTo(String.join(",", DrillFeatures.COLUMNS));
    assertThat(lines).hasSize(9);
    assertThat(lines.get(1)).isEqualTo("baseline,4,false,30,timeout,0.2500,0.1000,20,0.0500,1,2,0,4.5000,0.0100,0.0000,none");
    assertThat(lines.get(2)).startsWith("baseline,7,").endsWith(",NO_FLIP");
    assertThat(lines.get(3)).startsWith("no_flip,4,");
    String table = DrillFeatures.table(ms);
    assertThat(table).contains("baseline (should fire none)").contains("bad_unnorm (should fire BAD_UNNORM)").contains("  min ")
        .contains("  max ");
  }
}
