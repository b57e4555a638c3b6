package org.vla4j.eval.run;

import org.vla4j.eval.plan.Toggle;
import org.vla4j.rollout.EpisodeMonitor;

/**
 * What a {@link RunnerProvider} must build into its runners besides the policy itself.
 *
 * @param toggle the processing break to apply in the policy ({@link Toggle#NONE} for none)
 * @param monitors makes the per-episode monitor hook ({@link EpisodeMonitor.Factory#NONE} for none)
 */
public record RunOptions(Toggle toggle, EpisodeMonitor.Factory monitors) {
  /** No toggle, no monitor. */
  public static final RunOptions NONE = new RunOptions(Toggle.NONE, EpisodeMonitor.Factory.NONE);

  public RunOptions {
    java.util.Objects.requireNonNull(toggle, "toggle");
    java.util.Objects.requireNonNull(monitors, "monitors");
  }

  /** Whether these are the plain options (no toggle, no monitor). */
  public boolean isPlain() {
    return toggle == Toggle.NONE && monitors == EpisodeMonitor.Factory.NONE;
  }
}
