package org.vla4j.diagnose.monitor;

import org.vla4j.policy.steps.Fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.vla4j.diagnose.predicates.FailurePredicate;
import org.vla4j.runlog.StepRow;
import org.vla4j.diagnose.predicates.TrajectoryStats;
import org.vla4j.diagnose.predicates.Verdict;
import org.vla4j.rollout.EpisodeMonitor;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.MonitorEvent;
import org.vla4j.rollout.StepDiagnostics;
import org.vla4j.rollout.StepRecord;
import org.vla4j.sim.env.Observation;

/**
 * The runtime monitor of one episode: after each policy step (wait steps are ignored) it checks
 * <ul>
 *   <li>{@code nan_action}: an action entry is NaN or infinite;</li>
 *   <li>{@code action_out_of_range}: some |a_i| exceeds {@link MonitorSettings#actionLimit()};</li>
 *   <li>{@code token_out_of_range}: the agent reported action tokens outside the action bins;</li>
 *   <li>{@code gripper_chatter}: gripper sign flips over the last {@code chatterWindowSteps} steps,
 *       per second at {@code controlHz}, above {@code maxGripperFlipsPerSecond} (window full);</li>
 *   <li>{@code bad_prompt}, {@code bad_unnorm}, {@code no_flip}: the failure predicates over the last
 *       {@code windowSteps} policy steps (window full).</li>
 * </ul>
 * An event is raised when a check starts firing (not again while it keeps firing, again after it
 * cleared). In mode {@code stop} the first event ends the episode. Deterministic: depends only on the
 * steps.
 */
public final class RuntimeMonitor implements EpisodeMonitor {
  /** Names of all checks, in the order they are evaluated at a step. */
  public static final List<String> CHECKS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of("nan_action", "action_out_of_range", "token_out_of_range", "gripper_chatter"),
      Fault.injectedNames().stream()).toList();

  private final MonitorSettings settings;
  private final int episode;
  private final List<FailurePredicate> predicates;
  private final ArrayDeque<StepRow> window = new ArrayDeque<>();
  private final ArrayDeque<Boolean> gripper = new ArrayDeque<>();
  private final Set<String> firing = new HashSet<>();
  private final List<MonitorEvent> events = new ArrayList<>();

  /** A monitor for episode {@code episode} (its index in the run). */
  public RuntimeMonitor(MonitorSettings settings, int episode) {
    this.settings = settings;
    this.episode = episode;
    this.predicates = FailurePredicate.all(settings.predicateThresholds());
  }

  /** A factory making one monitor per episode, or {@link EpisodeMonitor.Factory#NONE} when the mode is off. */
  public static EpisodeMonitor.Factory factory(MonitorSettings settings) {
    if (settings.mode() == MonitorMode.OFF) return EpisodeMonitor.Factory.NONE;
    return (EpisodeSpec spec) -> new RuntimeMonitor(settings, spec.index());
  }

  @Override
  public Optional<String> onStep(StepRecord record, Observation seen, StepDiagnostics diagnostics) {
    if ("wait".equals(record.tag())) return Optional.empty();
    StepRow row = StepRow.of(record);
    List<String[]> now = new ArrayList<>(); // {name, evidence}
    double[] a = record.action();
    if (!row.actionFinite()) now.add(new String[] {"nan_action", "non-finite action " + vector(a)});
    else {
      double max = 0;
      int at = -1;
      for (int i = 0; i < a.length; i++) if (Math.abs(a[i]) > max) { max = Math.abs(a[i]); at = i; }
      if (max > settings.actionLimit()) {
        now.add(new String[] {"action_out_of_range", String.format(Locale.ROOT, "|a[%d]| = %.4f > %.4f in %s", at, max,
            settings.actionLimit(), vector(a))});
      }
    }
    StepDiagnostics d = diagnostics == null ? StepDiagnostics.EMPTY : diagnostics;
    if (d.reportsTokens() && d.actionTokensOutOfRange() > 0) {
      now.add(new String[] {"token_out_of_range", d.actionTokensOutOfRange() + " of 7 action tokens outside the action bins"});
    }
    if (Double.isFinite(a[6])) {
      gripper.addLast(a[6] > 0);
      if (gripper.size() > settings.chatterWindowSteps()) gripper.removeFirst();
      if (gripper.size() == settings.chatterWindowSteps()) {
        int flips = 0;
        Boolean prev = null;
        for (Boolean g : gripper) {
          if (prev != null && !g.equals(prev)) flips++;
          prev = g;
        }
        double seconds = (gripper.size() - 1) / settings.controlHz();
        double rate = flips / seconds;
        if (rate > settings.maxGripperFlipsPerSecond()) {
          now.add(new String[] {"gripper_chatter", String.format(Locale.ROOT,
              "%d gripper sign flips in the last %d steps (%.2f s): %.2f flips/s > %.2f", flips, gripper.size(), seconds,
              rate, settings.maxGripperFlipsPerSecond())});
        }
      }
    }
    window.addLast(row);
    if (window.size() > settings.windowSteps()) window.removeFirst();
    if (window.size() == settings.windowSteps()) {
      TrajectoryStats s = TrajectoryStats.of(List.copyOf(window), settings.predicateThresholds());
      for (FailurePredicate p : predicates) {
        Verdict v = p.evaluate(s);
        if (v.fired()) now.add(new String[] {p.monitorName(), "last " + window.size() + " steps: " + v.evidence()});
      }
    }
    Set<String> names = new HashSet<>();
    String stop = null;
    for (String[] e : now) {
      names.add(e[0]);
      if (firing.contains(e[0])) continue;
      boolean stopping = settings.mode() == MonitorMode.STOP && stop == null;
      events.add(new MonitorEvent(episode, record.step(), e[0], e[1], stopping));
      if (stopping) stop = e[0];
    }
    firing.clear();
    firing.addAll(names);
    return Optional.ofNullable(stop);
  }

  @Override
  public List<MonitorEvent> events() {
    return List.copyOf(events);
  }

  private static String vector(double[] a) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", a[i]));
    return sb.append(']').toString();
  }
}
