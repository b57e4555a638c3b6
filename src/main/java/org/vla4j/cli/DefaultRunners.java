package org.vla4j.cli;

import java.util.List;
import org.vla4j.eval.RunnerProvider;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.ExpertAgent;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.sim.EnvConfig;
import org.vla4j.sim.ScriptedExpert;
import org.vla4j.sim.Suite;

/**
 * The one place the CLI gets its episode runners from: maps policy names to the simulator's runner
 * factories. Commands take it as their default and tests inject their own {@link RunnerProvider}.
 * Every policy runs in {@link SimEpisodeRunner} with both cameras rendered at 128×128.
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
        return SimEpisodeRunner.factory(suite, EnvConfig.DEFAULT, () -> new ExpertAgent(ScriptedExpert.Noise.NONE, "expert"));
      }

      @Override
      public List<String> policies() {
        return POLICIES;
      }
    };
  }
}
