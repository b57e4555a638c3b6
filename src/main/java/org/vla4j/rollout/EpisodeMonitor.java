package org.vla4j.rollout;

import java.util.List;
import java.util.Optional;
import org.vla4j.sim.env.Observation;

/**
 * A hook that watches one episode step by step while it runs (a runtime monitor, a frame recorder).
 * {@link SimEpisodeRunner} creates one per episode through a {@link Factory}, calls
 * {@link #onStep} after every env step (wait steps included; their record's tag is {@code wait}),
 * and ends the episode when it returns a stop verdict. Not thread-safe; one per episode.
 */
public interface EpisodeMonitor {
  /**
   * Sees one step after the env took it.
   *
   * @param record the step as it will be logged (its action is the one sent to the env)
   * @param seen the observation the agent acted on (before the step)
   * @param diagnostics what the agent reported about this action ({@link StepDiagnostics#EMPTY} for wait steps)
   * @return a monitor name to stop the episode with failure_reason {@code monitor:<name>}, or empty to go on
   */
  Optional<String> onStep(StepRecord record, Observation seen, StepDiagnostics diagnostics);

  /** The events raised so far in this episode, in step order (logged to {@code monitor.jsonl}). */
  default List<MonitorEvent> events() {
    return List.of();
  }

  /** Makes a fresh monitor for each episode. */
  @FunctionalInterface
  interface Factory {
    /** No monitor: the runner behaves (and logs) exactly as without the hook. */
    Factory NONE = spec -> null;

    /** A monitor for the episode {@code spec}, or null for none. */
    EpisodeMonitor create(EpisodeSpec spec);
  }
}
