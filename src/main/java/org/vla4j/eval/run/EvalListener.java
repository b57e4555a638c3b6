package org.vla4j.eval.run;

import org.vla4j.rollout.EpisodeResult;

/**
 * Hears about an evaluation's progress (e.g. to draw a progress bar). Called on the thread that
 * writes the logs, in canonical episode order.
 */
public interface EvalListener {
  /** Does nothing. */
  EvalListener NONE = new EvalListener() {};

  /**
   * The run starts.
   *
   * @param total episodes in the plan
   * @param done episodes already written by an earlier, resumed run
   * @param successes successes among those
   */
  default void started(int total, int done, int successes) {}

  /** An episode was written; {@code done} and {@code successes} count every written episode so far. */
  default void episodeWritten(EpisodeResult result, int done, int successes) {}

  /** All episodes are written (not called when the run aborts). */
  default void finished() {}
}
