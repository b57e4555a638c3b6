package org.vla4j.eval.plan;

import org.vla4j.rollout.EpisodeSeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/** Task and init-state selections, the episode plan and episode seeds. */
class EpisodePlanTest {
  private final Suite suite = Suites.get("object");

  @Test
  void taskSelections() {
    assertThat(Selections.tasks("all", suite)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(Selections.tasks("3,0", suite)).containsExactly(0, 3);
    assertThat(Selections.tasks("0-2, 2,9", suite)).containsExactly(0, 1, 2, 9);
    assertThatThrownBy(() -> Selections.tasks("10", suite)).hasMessageContaining("task id 10 is out of range").hasMessageContaining("0..9");
    assertThatThrownBy(() -> Selections.tasks("-1", suite)).hasMessageContaining("0..9");
    assertThatThrownBy(() -> Selections.tasks("a", suite)).hasMessageContaining("'a' is not a number");
    assertThatThrownBy(() -> Selections.tasks("3-1", suite)).hasMessageContaining("empty");
    assertThatThrownBy(() -> Selections.tasks("", suite)).hasMessageContaining("empty");
  }

  @Test
  void initStateSelections() {
    assertThat(Selections.initStates("0-49", suite)).hasSize(50);
    assertThat(Selections.initStates("all", suite)).hasSize(50);
    assertThat(Selections.initStates("7", suite)).containsExactly(7);
    assertThat(Selections.initStates("4,1,1", suite)).containsExactly(4, 1, 1);
    assertThatThrownBy(() -> Selections.initStates("0-50", suite))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("init state 50").hasMessageContaining("0..49");
  }

  @Test
  void planCyclesInitStatesAndIndexesCanonically() {
    EpisodePlan plan = EpisodePlan.of(suite, List.of(2, 5), 5, List.of(10, 11), 99);
    assertThat(plan.size()).isEqualTo(10);
    assertThat(plan.episodes()).extracting(EpisodeSpec::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(plan.episodes()).extracting(EpisodeSpec::taskId).containsExactly(2, 2, 2, 2, 2, 5, 5, 5, 5, 5);
    assertThat(plan.episodes()).extracting(EpisodeSpec::initState).containsExactly(10, 11, 10, 11, 10, 10, 11, 10, 11, 10);
    assertThat(plan.get(6).seed()).isEqualTo(EpisodeSeeds.seed(99, 5, 1));
  }

  @Test
  void seedsMatchAnIndependentSplitMix64() {
    // one SplitMix64 step from x equals java.util.SplittableRandom(x).nextLong()
    for (long x : new long[] {0, 1, -1, 123456789L}) {
      assertThat(EpisodeSeeds.mix(x)).isEqualTo(new SplittableRandom(x).nextLong());
    }
    // values computed with a 10-line Python SplitMix64 (same three steps), so the format cannot drift unnoticed
    assertThat(EpisodeSeeds.seed(0, 0, 0)).isEqualTo(2558736989570252433L);
    assertThat(EpisodeSeeds.seed(0, 3, 1)).isEqualTo(4743838610882478962L);
    assertThat(EpisodeSeeds.seed(42, 9, 49)).isEqualTo(1578209769004041465L);
    assertThat(EpisodeSeeds.seed(-1, 0, 0)).isEqualTo(-287061555193568806L);
  }

  @Test
  void seedsDifferAcrossTasksTrialsAndRunSeeds() {
    Set<Long> seen = new HashSet<>();
    for (long run = 0; run < 5; run++) {
      for (int t = 0; t < 10; t++) {
        for (int k = 0; k < 50; k++) seen.add(EpisodeSeeds.seed(run, t, k));
      }
    }
    assertThat(seen).hasSize(5 * 10 * 50);
  }
}
