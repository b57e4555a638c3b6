package org.vla4j.diagnose.monitor;

import org.vla4j.policy.steps.Fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.vla4j.runlog.StepRow;
import org.vla4j.rollout.MonitorEvent;
import org.vla4j.rollout.StepDiagnostics;
import org.vla4j.rollout.StepRecord;

/**
 * Replays the {@link RuntimeMonitor} offline over the logged steps of one episode (a run's
 * {@code steps.jsonl} or a drill's {@code <tag>.jsonl}), so its verdicts can be scored against what
 * the episode is known to be (see {@link ReplayScores}). Since the monitor depends only on the steps,
 * the replay raises the events a live run with the same settings would have raised — except
 * {@code token_out_of_range}, which needs the agent's {@link StepDiagnostics} and is not in the logs:
 * every step is replayed with {@link StepDiagnostics#EMPTY}, so that check never fires here.
 */
public final class MonitorReplay {
  /** The label of an episode without an injected fault. */
  public static final String CLEAN = "clean";

  /** The fault labels: the drill tags whose toggle breaks a processing step. */
  public static final List<String> FAULTS = Fault.injectedNames();

  /** The monitor checks named after the failure predicates (a subset of {@link RuntimeMonitor#CHECKS}). */
  public static final List<String> PREDICATE_CHECKS = Fault.injectedNames();

  /** Checks that cannot fire in a replay, because what they read is not logged. */
  public static final List<String> NOT_REPLAYABLE = List.of("token_out_of_range");

  private MonitorReplay() {}

  /**
   * The monitor events of one episode.
   *
   * @param episode the steps of one episode (wait steps included; they are passed on and ignored by
   *     the monitor as in a live run); replayed in ascending {@code step} order (a stable sort, so rows
   *     with equal steps keep their order). The episode index of the events is that of the first row.
   * @param settings window sizes, rates, action limit and predicate thresholds. Mode {@code off}: no
   *     events (as a run without monitor). Mode {@code stop}: the replay ends at the first event, as
   *     the live episode would have. Mode {@code warn}: every event of the whole episode.
   * @return the events in step order (at one step in the order of {@link RuntimeMonitor#CHECKS});
   *     empty for an empty episode
   */
  public static List<MonitorEvent> events(List<StepRow> episode, MonitorSettings settings) {
    if (episode.isEmpty() || settings.mode() == MonitorMode.OFF) return List.of();
    List<StepRow> rows = new ArrayList<>(episode);
    rows.sort(Comparator.comparingInt(StepRow::step));
    RuntimeMonitor m = new RuntimeMonitor(settings, rows.getFirst().episode());
    for (StepRow r : rows) {
      StepRecord rec = new StepRecord(r.episode(), r.step(), r.imgMean(), r.action(), r.reward(), r.done(), r.tag());
      Optional<String> stop = m.onStep(rec, null, StepDiagnostics.EMPTY);
      if (stop.isPresent()) break;
    }
    return m.events();
  }

  /**
   * The tag of the episode's policy steps: that of its first step that is not a {@code wait} step,
   * or the empty string when it has none.
   */
  public static String policyTag(List<StepRow> episode) {
    return episode.stream().filter(r -> !r.isWait()).map(StepRow::tag).findFirst().orElse("");
  }

  /**
   * What an episode is known to be, from the tag of its policy steps ({@link #policyTag}): the fault
   * ({@code bad_prompt}, {@code bad_unnorm} or {@code no_flip}) when the tag is one of {@link #FAULTS},
   * else {@link #CLEAN} (a drill's {@code baseline}, or a policy name such as {@code tiny-vla} or
   * {@code expert} in a run's {@code steps.jsonl}).
   */
  public static String label(List<StepRow> episode) {
    String tag = policyTag(episode);
    return FAULTS.contains(tag) ? tag : CLEAN;
  }
}
