package org.vla4j.cli;

import java.util.List;
import org.vla4j.eval.RunnerProvider;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.sim.Suite;

/**
 * The one place the CLI gets its episode runners from: maps policy names to the simulator's runner
 * factories. Commands take it as their default and tests inject their own {@link RunnerProvider}.
 *
 * <p>Not wired yet: the simulator's episode runner ({@code org.vla4j.rollout.SimEpisodeRunner}) is
 * being built; until it is, asking for a factory fails with a message that says so.
 */
public final class DefaultRunners {
  /** Policies the CLI knows, best shipped first; {@code demo} evaluates the first. */
  public static final List<String> POLICIES = List.of("expert");

  private DefaultRunners() {}

  /** The CLI's runner provider. */
  public static RunnerProvider provider() {
    return new RunnerProvider() {
      @Override
      public EpisodeRunner.Factory factory(Suite suite, String policy) {
        requireKnown(policy);
        throw new IllegalStateException("policy '" + policy + "' is not wired yet: this build has no simulator episode"
            + " runner (org.vla4j.rollout.SimEpisodeRunner)");
      }

      @Override
      public List<String> policies() {
        return POLICIES;
      }
    };
  }
}
