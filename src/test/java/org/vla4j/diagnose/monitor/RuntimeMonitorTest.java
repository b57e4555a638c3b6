package org.vla4j.diagnose.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vla4j.runlog.StepRow;
import org.vla4j.runlog.StepRows;
import org.vla4j.rollout.MonitorEvent;
import org.vla4j.rollout.StepDiagnostics;
import org.vla4j.rollout.StepRecord;

class RuntimeMonitorTest {
  static Path fixture(String name) throws Exception {
    return Path.of(RuntimeMonitorTest.class.getResource("/predicates/" + name).toURI());
  }

  /** Feeds rows to a fresh monitor; returns the index of the step that stopped it, or -1. */
  static int feed(RuntimeMonitor m, List<StepRow> rows, StepDiagnostics d) {
    for (int i = 0; i < rows.size(); i++) {
      StepRow r = rows.get(i);
      Optional<String> stop = m.onStep(new StepRecord(r.episode(), r.step(), r.imgMean(), r.action(), r.reward(), r.done(), r.tag()),
          null, r.isWait() ? StepDiagnostics.EMPTY : d);
      if (stop.isPresent()) return i;
    }
    return -1;
  }

  static StepRow step(int s, double... a) {
    return new StepRow(3, s, 100, a, 0, false, "vla");
  }

  @Test
  void realExpertStepsRaiseNoEvent() throws Exception {
    List<StepRow> rows = StepRows.read(fixture("expert_steps.jsonl"));
    for (int e : new int[] {0, 1}) {
      RuntimeMonitor m = new RuntimeMonitor(MonitorSettings.of(MonitorMode.STOP), e);
      assertThat(feed(m, StepRows.episode(rows, e), StepDiagnostics.EMPTY)).isEqualTo(-1);
      assertThat(m.events()).isEmpty();
    }
  }

  @Test
  void gripperChatterStopsTheEpisodeAndNamesTheRate() {
    List<StepRow> rows = new ArrayList<>();
    for (int s = 0; s < 40; s++) rows.add(step(s, 0.3, 0.1, 0, 0, 0, 0, s < 10 ? -1 : (s % 2 == 0 ? 1 : -1)));
    RuntimeMonitor m = new RuntimeMonitor(MonitorSettings.of(MonitorMode.STOP), 3);
    int stoppedAt = feed(m, rows, StepDiagnostics.EMPTY);
    // 19 steps (0.95 s) hold 4.0 flips/s at most while the window still has the quiet steps: fires once > 4 flips/s
    assertThat(stoppedAt).isBetween(19, 25);
    MonitorEvent e = m.events().getFirst();
    assertThat(e.monitor()).isEqualTo("gripper_chatter");
    assertThat(e.stopped()).isTrue();
    assertThat(e.episode()).isEqualTo(3);
    assertThat(e.evidence()).contains("flips/s > 4.00");
  }

  @Test
  void nanOutOfRangeAndTokenEventsAreRaisedOnceEachInWarnMode() {
    List<StepRow> rows = List.of(step(0, 0.1, 0, 0, 0, 0, 0, -1), step(1, Double.NaN, 0, 0, 0, 0, 0, -1),
        step(2, Double.NaN, 0, 0, 0, 0, 0, -1), step(3, 0.1, 1.49, 0, 0, 0, 0, -1), step(4, 0.1, 1.6, 0, 0, 0, 0, -1));
    RuntimeMonitor m = new RuntimeMonitor(MonitorSettings.of(MonitorMode.WARN), 0);
    assertThat(feed(m, rows, new StepDiagnostics(2))).isEqualTo(-1);
    assertThat(m.events()).extracting(MonitorEvent::monitor)
        .containsExactly("token_out_of_range", "nan_action", "action_out_of_range");
    assertThat(m.events()).extracting(MonitorEvent::step).containsExactly(0, 1, 4); // 1.49: a tolerated overshoot
    assertThat(m.events()).noneMatch(MonitorEvent::stopped);
    assertThat(m.events().get(2).evidence()).contains("|a[1]| = 1.6000 > 1.5000");
  }

  @Test
  void offScaleActionsStopAtOnceAndTheWindowedPredicateNamesTheCause() throws Exception {
    List<StepRow> rows = StepRows.read(fixture("bad_unnorm.jsonl"));
    MonitorSettings stop = new MonitorSettings(MonitorMode.STOP, MonitorSettings.WINDOW_THRESHOLDS, 50, 20, 4.0, 20.0, 1.0);
    RuntimeMonitor first = new RuntimeMonitor(stop, 0);
    assertThat(feed(first, rows, StepDiagnostics.EMPTY)).isEqualTo(10); // the first policy step is already out of range
    assertThat(first.events().getFirst().monitor()).isEqualTo("action_out_of_range");
    MonitorSettings warn = new MonitorSettings(MonitorMode.WARN, MonitorSettings.WINDOW_THRESHOLDS, 50, 20, 4.0, 20.0, 1.0);
    RuntimeMonitor all = new RuntimeMonitor(warn, 0);
    feed(all, rows, StepDiagnostics.EMPTY);
    MonitorEvent cause = all.events().stream().filter(e -> e.monitor().equals("bad_unnorm")).findFirst().orElseThrow();
    assertThat(cause.step()).isEqualTo(10 + 49); // the first full window of 50 policy steps
  }

  @Test
  void modesParseAndBadOnesListTheValidChoices() {
    assertThat(MonitorMode.parse("Stop")).isEqualTo(MonitorMode.STOP);
    assertThatThrownBy(() -> MonitorMode.parse("halt")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("off, warn, stop");
    assertThat(RuntimeMonitor.factory(MonitorSettings.OFF)).isSameAs(org.vla4j.rollout.EpisodeMonitor.Factory.NONE);
  }

  @Test
  void precisionAndRecallCountTheConfusionMatrix() {
    MonitorScore s = MonitorScore.of(List.of(true, true, true, false, false, true), List.of(true, false, true, true, false, true));
    assertThat(s).isEqualTo(new MonitorScore(3, 1, 1, 1));
    assertThat(s.precision()).isEqualTo(0.75);
    assertThat(s.recall()).isEqualTo(0.75);
    assertThat(s.f1()).isEqualTo(0.75);
    MonitorScore none = MonitorScore.of(List.of(false, false), List.of(true, false));
    assertThat(none.precision()).isNaN();
    assertThat(none.recall()).isEqualTo(0.0);
    assertThatThrownBy(() -> MonitorScore.of(List.of(true), List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
