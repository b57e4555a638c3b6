package org.vla4j.diagnose.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vla4j.eval.run.MonitorChoice;

import org.vla4j.diagnose.predicates.ActionOvershoot;
import org.vla4j.diagnose.predicates.PredicateThresholds;

/**
 * How the runtime monitor judges an episode while it runs. With the defaults the scripted expert
 * (suite {@code object}, demo run) raises no event (its actions stay inside [−1, 1] and its gripper
 * flips ≤ 3 times in any 20 steps; {@code RuntimeMonitorTest}); their detection rates on drills and
 * clean runs of the shipped VLA are in docs/RESULTS.md.
 *
 * @param mode off, warn or stop
 * @param predicateThresholds thresholds of the failure predicates, applied to the window
 * @param windowSteps policy steps in the sliding window the predicates see, ≥ 1 (default 100 = 5 s
 *     at 20 Hz); predicates are evaluated once the window is full
 * @param chatterWindowSteps policy steps over which gripper flips are counted, ≥ 2 (default 20 = 1 s)
 * @param maxGripperFlipsPerSecond gripper_chatter fires above this rate of gripper sign flips, flips/s
 *     (default 4.0)
 * @param controlHz control rate, steps per second (20 for LIBERO)
 * @param actionLimit action_out_of_range fires when some |a_i| exceeds this (default
 *     {@link ActionOvershoot#TOLERATED} = 1.5 times the env's range ±1: robosuite clips small overshoots,
 *     which continuous heads make on clean runs; a wrong unnorm_key scales actions several-fold; pass 1.0 to
 *     flag any action the env will clip)
 */
public record MonitorSettings(
    MonitorMode mode, PredicateThresholds predicateThresholds, int windowSteps, int chatterWindowSteps,
    double maxGripperFlipsPerSecond, double controlHz, double actionLimit) {

  /**
   * Predicate thresholds for 100-step windows: the defaults without OpenVLA's near-zero and
   * mode-collapse tests of BAD_PROMPT. A greedy policy that stalls in a still scene repeats one action,
   * so in a window those tests fire on the policy's own stalls: replayed over clean episodes of the
   * shipped model they raise several times the false alarms of this setting ({@code vla4j
   * monitor-score}, docs/RESULTS.md). The whole-episode predicates ({@code diagnose}, {@code drills}) keep them.
   */
  public static final PredicateThresholds WINDOW_THRESHOLDS = new PredicateThresholds(20, 0.0, 1.0, 0.25, ActionOvershoot.TOLERATED, 0.2, 0.99, 0.15, 0);

  /** The monitor off. */
  public static final MonitorSettings OFF = of(MonitorMode.OFF);

  /** @throws IllegalArgumentException if a value is outside its documented range */
  public MonitorSettings {
    if (windowSteps < 1) throw new IllegalArgumentException("monitor window must be >= 1 step, got " + windowSteps);
    if (chatterWindowSteps < 2) throw new IllegalArgumentException("chatter window must be >= 2 steps, got " + chatterWindowSteps);
    if (!(maxGripperFlipsPerSecond >= 0)) throw new IllegalArgumentException("max gripper flips per second must be >= 0");
    if (!(controlHz > 0)) throw new IllegalArgumentException("control rate must be > 0 Hz");
    if (!(actionLimit > 0)) throw new IllegalArgumentException("action limit must be > 0");
  }

  /** The defaults with this mode. */
  public static MonitorSettings of(MonitorMode mode) {
    return new MonitorSettings(mode, WINDOW_THRESHOLDS, 100, 20, 4.0, 20.0, ActionOvershoot.TOLERATED);
  }

  /** These settings as the evaluation box runs them: mode name, config.json record, monitor factory. */
  public MonitorChoice choice() {
    return new MonitorChoice(mode.wireName(), mode == MonitorMode.OFF ? null : toJson(), RuntimeMonitor.factory(this));
  }

  /** The monitor's default settings for a mode name, as the evaluation box runs them (replays of logged runs). */
  public static MonitorChoice choiceFor(String mode) {
    return of(MonitorMode.parse(mode)).choice();
  }

  /** The settings as config.json records them under {@code "monitor"}. */
  public ObjectNode toJson() {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("window_steps", windowSteps);
    m.put("chatter_window_steps", chatterWindowSteps);
    m.put("max_gripper_flips_per_second", maxGripperFlipsPerSecond);
    m.put("control_hz", controlHz);
    m.put("action_limit", actionLimit);
    m.set("predicate_thresholds", predicateThresholds.toJson());
    return m;
  }

  /** The same settings with other predicate thresholds (e.g. loaded from {@code --thresholds}). */
  public MonitorSettings withThresholds(PredicateThresholds t) {
    return new MonitorSettings(mode, t, windowSteps, chatterWindowSteps, maxGripperFlipsPerSecond, controlHz, actionLimit);
  }
}
