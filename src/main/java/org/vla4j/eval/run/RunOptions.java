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
 * @param batch episodes whose policy queries go to the model as one batch ({@code eval --batch}), ≥ 1;
 *     1 for unbatched
 * @param executor how a chunked policy's action chunks become actions ({@link ChunkExecutor#DEFAULT}:
 *     open loop over the policy's own replan count)
 */
public record RunOptions(Fault toggle, EpisodeMonitor.Factory monitors, String unnormKey, int batch, ChunkExecutor executor) {
  /** No toggle, no monitor, the model's own unnorm_key, unbatched, the default executor. */
  public static final RunOptions NONE = new RunOptions(Fault.NONE, EpisodeMonitor.Factory.NONE, null);

  /** Unbatched, with the default executor. */
  public RunOptions(Fault toggle, EpisodeMonitor.Factory monitors, String unnormKey) {
    this(toggle, monitors, unnormKey, 1, ChunkExecutor.DEFAULT);
  }

  /** With the default executor. */
  public RunOptions(Fault toggle, EpisodeMonitor.Factory monitors, String unnormKey, int batch) {
    this(toggle, monitors, unnormKey, batch, ChunkExecutor.DEFAULT);
  }

  /** Unbatched. */
  public RunOptions(Fault toggle, EpisodeMonitor.Factory monitors, String unnormKey, ChunkExecutor executor) {
    this(toggle, monitors, unnormKey, 1, executor);
  }

  /** With the model's own unnorm_key. */
  public RunOptions(Fault toggle, EpisodeMonitor.Factory monitors) {
    this(toggle, monitors, null);
  }

  public RunOptions {
    java.util.Objects.requireNonNull(toggle, "toggle");
    java.util.Objects.requireNonNull(monitors, "monitors");
    java.util.Objects.requireNonNull(executor, "executor");
    if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
  }

  /** Whether these are the plain options (no toggle, no monitor, no unnorm_key override, unbatched, the default executor). */
  public boolean isPlain() {
    return toggle == Fault.NONE && monitors == EpisodeMonitor.Factory.NONE && unnormKey == null && batch == 1 && executor.isDefault();
  }
}
