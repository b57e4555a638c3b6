package org.vla4j.diagnose.drills;

import java.util.Objects;
import org.vla4j.diagnose.predicates.Diagnosis;
import org.vla4j.diagnose.predicates.TrajectoryStats;

/**
 * One finished drill run, as diagnosed from its JSONL file.
 *
 * @param drill which of the four runs
 * @param initState the init state it started from
 * @param success whether the task's success predicate held at some step
 * @param steps policy steps taken (wait steps excluded), 0..max steps
 * @param failureReason null on success, else e.g. {@code timeout} or {@code sim_unstable}
 * @param diagnosis the failure predicates evaluated on the run's steps ({@link Diagnosis#of})
 * @param stats the numbers the predicates read ({@link TrajectoryStats#of}, with the thresholds'
 *     saturation level)
 */
public record DrillRun(Drill drill, int initState, boolean success, int steps, String failureReason, Diagnosis diagnosis,
    TrajectoryStats stats) {
  public DrillRun {
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(diagnosis, "diagnosis");
    Objects.requireNonNull(stats, "stats");
  }

  /** Whether the predicate named {@code predicate} (e.g. {@code NO_FLIP}) fired on this run. */
  public boolean fired(String predicate) {
    return diagnosis.fired().contains(predicate);
  }

  /**
   * Whether exactly the drill's own predicate fired (none for the baseline).
   */
  public boolean matches() {
    return diagnosis.fired().equals(drill.expectedPredicate().stream().toList());
  }

  /**
   * Why the run does not match, one phrase naming the run, what fired and what was expected, e.g.
   * {@code baseline fired NO_FLIP, expected none}; null if it matches.
   */
  public String mismatch() {
    if (matches()) return null;
    String got = diagnosis.fired().isEmpty() ? "nothing" : String.join(" + ", diagnosis.fired());
    String want = drill.expectedPredicate().map(p -> p + " alone").orElse("none");
    return drill.tag() + " fired " + got + ", expected " + want;
  }
}
