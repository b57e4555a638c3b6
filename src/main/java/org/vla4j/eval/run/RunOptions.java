package org.vla4j.eval.run;

import org.vla4j.policy.steps.Fault;
import org.vla4j.rollout.ChunkExecutor;
import org.vla4j.rollout.EpisodeMonitor;

/**
 * What a {@link RunnerProvider} must build into its runners besides the policy itself.
 *
 * @param toggle the processing break to apply in the policy ({@link Fault#NONE} for none)
 * @param monitors makes the per-episode monitor hook ({@link EpisodeMonitor.Factory#NONE} for none)
 * @param unnormKey the statistics key a learned policy unnormalizes with instead of its config's, or null
 * @param executor how a chunked policy's action chunks become actions ({@link ChunkExecutor#DEFAULT}:
 *     open loop over the policy's own replan count)
 */
public record RunOptions(Fault toggle, EpisodeMonitor.Factory monitors, String unnormKey, ChunkExecutor executor) {
  /** No toggle, no monitor, the model's own unnorm_key, the default executor. */
  public static final RunOptions NONE = new RunOptions(Fault.NONE, EpisodeMonitor.Factory.NONE, null);

  /** With the default executor. */
  public RunOptions(Fault toggle, EpisodeMonitor.Factory monitors, String unnormKey) {
    this(toggle, monitors, unnormKey, ChunkExecutor.DEFAULT);
  }

  /** With the model's own unnorm_key. */
  public RunOptions(Fault toggle, EpisodeMonitor.Factory monitors) {
    this(toggle, monitors, null);
  }

  public RunOptions {
    java.util.Objects.requireNonNull(toggle, "toggle");
    java.util.Objects.requireNonNull(monitors, "monitors");
    java.util.Objects.requireNonNull(executor, "executor");
  }

  /** Whether these are the plain options (no toggle, no monitor, no unnorm_key override, the default executor). */
  public boolean isPlain() {
    return toggle == Fault.NONE && monitors == EpisodeMonitor.Factory.NONE && unnormKey == null && executor.isDefault();
  }
}
