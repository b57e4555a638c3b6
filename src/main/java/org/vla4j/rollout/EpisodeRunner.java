package org.vla4j.rollout;

/**
 * Runs episodes one after another on the calling thread. Not thread-safe: an evaluation with
 * several workers creates one runner per worker thread (each with its own MuJoCo data and GL
 * context) through an {@link EpisodeRunner.Factory}.
 */
public interface EpisodeRunner extends AutoCloseable {
  /**
   * Runs one episode to its end (success, max steps, or an unstable simulation).
   *
   * @throws IllegalArgumentException if the spec names a task or init state that does not exist
   */
  EpisodeResult run(EpisodeSpec spec);

  @Override
  void close();

  /** Creates runners; {@link #create()} is called on the worker thread that will use the runner. */
  @FunctionalInterface
  interface Factory {
    EpisodeRunner create();
  }
}
