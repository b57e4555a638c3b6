package org.vla4j.diagnose.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vla4j.runlog.StepRow;
import org.vla4j.rollout.MonitorEvent;

class MonitorReplayTest {
  static final MonitorSettings WARN = MonitorSettings.of(MonitorMode.WARN);

  /** {@code waits} wait steps, then {@code n} policy steps with dx at the clip limit and a varied dy. */
  static List<StepRow> saturated(int waits, int n, String tag) {
    List<StepRow> rows = new ArrayList<>();
    for (int s = 0; s < waits; s++) rows.add(new StepRow(2, s, 100, new double[] {0, 0, 0, 0, 0, 0, -1}, 0, false, "wait"));
    for (int i = 0; i < n; i++) {
      rows.add(new StepRow(2, waits + i, 100, new double[] {2.5, 0.01 * (i % 50) - 0.25, 0.1, 0, 0, 0, -1}, 0, false, tag));
    }
    return rows;
  }

  /** Healthy varied motion with one grasp halfway. */
  static List<StepRow> clean(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<StepRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] a = {r.nextDouble(-0.6, 0.6), r.nextDouble(-0.6, 0.6), r.nextDouble(-0.6, 0.6), r.nextDouble(-0.1, 0.1), 0, 0,
          i < n / 2 ? -1 : 1};
      rows.add(new StepRow(0, i, 100, a, 0, false, "baseline"));
    }
    return rows;
  }

  @Test
  void saturatedActionsFireBadUnnormWhenTheWindowIsFull() {
    List<MonitorEvent> ev = MonitorReplay.events(saturated(0, 120, "bad_unnorm"), WARN);
    // the per-step range check fires at once, the windowed predicate when its window is full
    assertThat(ev).extracting(MonitorEvent::monitor).containsExactly("action_out_of_range", "bad_unnorm");
    assertThat(ev.getFirst().step()).isZero();
    assertThat(ev.get(1).step()).isEqualTo(WARN.windowSteps() - 1);
    assertThat(ev.get(1).episode()).isEqualTo(2);
    assertThat(ev.get(1).stopped()).isFalse();
    // wait steps are passed on but do not fill the window
    assertThat(MonitorReplay.events(saturated(10, 120, "bad_unnorm"), WARN).get(1).step()).isEqualTo(10 + 99);
  }

  @Test
  void cleanVariedActionsFireNothing() {
    assertThat(MonitorReplay.events(clean(200, 7), WARN)).isEmpty();
  }

  @Test
  void rowsAreReplayedInStepOrderAndModesAreHonoured() {
    List<StepRow> rows = new ArrayList<>(saturated(10, 120, "bad_unnorm"));
    List<StepRow> shuffled = new ArrayList<>(rows.reversed());
    assertThat(MonitorReplay.events(shuffled, WARN)).isEqualTo(MonitorReplay.events(rows, WARN));
    assertThat(MonitorReplay.events(rows, MonitorSettings.OFF)).isEmpty();
    assertThat(MonitorReplay.events(List.of(), WARN)).isEmpty();
    // a smaller window fires earlier; stop mode keeps only the event that would have ended the episode
    // (with a range limit above the off-scale actions, that is the windowed predicate)
    MonitorSettings s = new MonitorSettings(MonitorMode.STOP, MonitorSettings.WINDOW_THRESHOLDS, 30, 20, 4.0, 20.0, 3.0);
    List<StepRow> withJump = new ArrayList<>(rows);
    withJump.add(new StepRow(2, 130, 100, new double[] {3.5, 0, 0, 0, 0, 0, -1}, 0, false, "bad_unnorm"));
    List<MonitorEvent> ev = MonitorReplay.events(withJump, s);
    assertThat(ev).hasSize(1);
    assertThat(ev.getFirst().monitor()).isEqualTo("bad_unnorm");
    assertThat(ev.getFirst().step()).isEqualTo(10 + 29);
    assertThat(ev.getFirst().stopped()).isTrue();
  }

  @Test
  void labelsComeFromThePolicyStepsTag() {
    assertThat(MonitorReplay.label(saturated(10, 5, "bad_unnorm"))).isEqualTo("bad_unnorm");
    assertThat(MonitorReplay.label(saturated(10, 5, "no_flip"))).isEqualTo("no_flip");
    assertThat(MonitorReplay.label(saturated(10, 5, "baseline"))).isEqualTo(MonitorReplay.CLEAN);
    assertThat(MonitorReplay.label(saturated(10, 5, "tiny-vla"))).isEqualTo(MonitorReplay.CLEAN);
    assertThat(MonitorReplay.policyTag(saturated(10, 0, "x"))).isEmpty();
    assertThat(MonitorReplay.label(saturated(10, 0, "x"))).isEqualTo(MonitorReplay.CLEAN);
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertThat(ReplayScores.median(new int[] {5, 1, 3})).isEqualTo(3.0);
    assertThat(ReplayScores.median(new int[] {4, 1})).isEqualTo(2.5);
    assertThat(ReplayScores.median(new int[0])).isNaN();
  }
}
