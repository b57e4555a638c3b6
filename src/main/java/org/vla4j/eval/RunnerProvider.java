package org.vla4j.eval;

import java.util.List;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.sim.Suite;

/**
 * Where an evaluation gets its episode runners from: maps a policy name to a factory of runners
 * for a suite. The CLI's default provider wires the real simulator and policies; tests pass a
 * deterministic fake.
 */
public interface RunnerProvider {
  /**
   * A factory of runners that run {@code policy} on {@code suite}. Called once per evaluation on the
   * calling thread; the factory's {@code create()} is then called on each worker thread.
   *
   * @param policy one of {@link #policies()}
   * @throws IllegalArgumentException for an unknown policy (message lists {@link #policies()})
   */
  EpisodeRunner.Factory factory(Suite suite, String policy);

  /** Valid policy names, e.g. {@code [expert]}. */
  List<String> policies();

  /**
   * Checks that {@code policy} is one of {@link #policies()}.
   *
   * @throws IllegalArgumentException naming the policy and listing the valid ones
   */
  default void requireKnown(String policy) {
    if (!policies().contains(policy)) {
      throw new IllegalArgumentException("unknown policy '" + policy + "'; valid policies: " + String.join(", ", policies()));
    }
  }
}
